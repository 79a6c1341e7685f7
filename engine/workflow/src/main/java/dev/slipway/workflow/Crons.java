package dev.slipway.workflow;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Locale;
import java.util.Optional;

/** Validation of {@code schedule} crons with the UNIX (5-field) definition GitHub uses. */
final class Crons {
    private Crons() {}

    /** Built on first use: cron-utils' definitions are not free and most workflows have no schedule. */
    private static final class Holder {
        static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    }

    /** What is wrong with {@code cron}, or empty when it is valid. */
    static Optional<String> problem(String cron) {
        String c = cron.strip();
        if (c.isEmpty()) {
            return Optional.of("it is empty");
        }
        int fields = c.split("\\s+").length;
        if (fields != 5) {
            return Optional.of("expected 5 fields (minute hour day-of-month month day-of-week), got " + fields);
        }
        try {
            Holder.PARSER.parse(c.toUpperCase(Locale.ROOT)).validate();
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            String m = e.getMessage() == null ? "not a valid cron" : e.getMessage();
            return Optional.of(
                    m.replaceFirst("^Failed to parse cron expression\\. ", "").replace('\n', ' '));
        }
    }
}
