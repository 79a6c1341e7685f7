package dev.slipway.git;

import java.time.OffsetDateTime;
import org.eclipse.jgit.lib.PersonIdent;

/** An author, committer or tagger with the time and zone offset git recorded. */
public record Person(String name, String email, OffsetDateTime when) {
    static Person of(PersonIdent ident) {
        return new Person(
                ident.getName(),
                ident.getEmailAddress(),
                OffsetDateTime.ofInstant(ident.getWhenAsInstant(), ident.getZoneOffset()));
    }
}
