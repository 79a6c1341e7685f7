#!/usr/bin/env python3
"""oci.py DIR LAYERS LAYER_BYTES: writes a fresh OCI image layout with LAYERS random uncompressed layers, for skopeo."""
import hashlib, json, os, shutil, sys

out, layers, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
shutil.rmtree(out, ignore_errors=True)
blobs = os.path.join(out, "blobs", "sha256")
os.makedirs(blobs)

def put(data):
    digest = hashlib.sha256(data).hexdigest()
    with open(os.path.join(blobs, digest), "wb") as f:
        f.write(data)
    return {"digest": "sha256:" + digest, "size": len(data)}

descs = []
for _ in range(layers):
    d = put(os.urandom(size))
    descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar", **d})
config = put(json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": [d["digest"] for d in descs]}}).encode())
manifest = put(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config},
                           "layers": descs}).encode())
with open(os.path.join(out, "oci-layout"), "w") as f:
    json.dump({"imageLayoutVersion": "1.0.0"}, f)
with open(os.path.join(out, "index.json"), "w") as f:
    json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.manifest.v1+json",
                                                   **manifest, "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}, f)
