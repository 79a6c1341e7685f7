package dev.slipway.git;

/** The formats of a source archive, as GitHub serves a repository's tarball and zipball. */
public enum ArchiveFormat {
    /** A gzipped tar. */
    TAR_GZ("tgz", ".tar.gz", "application/x-gzip"),
    /** A zip file. */
    ZIP("zip", ".zip", "application/zip");

    private final String jgitName;
    private final String suffix;
    private final String mediaType;

    ArchiveFormat(String jgitName, String suffix, String mediaType) {
        this.jgitName = jgitName;
        this.suffix = suffix;
        this.mediaType = mediaType;
    }

    /** The file name ending: {@code .tar.gz} or {@code .zip}. */
    public String suffix() {
        return suffix;
    }

    /** The {@code Content-Type} of the archive. */
    public String mediaType() {
        return mediaType;
    }

    String jgitName() {
        return jgitName;
    }
}
