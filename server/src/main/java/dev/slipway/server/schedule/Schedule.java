package dev.slipway.server.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;

/** One {@code on.schedule[].cron} of a workflow, parsed with the UNIX definition the workflow parser validates with. */
record Schedule(String workflowPath, String cron, ExecutionTime time) {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Empty when cron-utils rejects the expression (the workflow parser reports it; here it just never fires). */
    static Optional<Schedule> of(String workflowPath, String cron) {
        try {
            var parsed = PARSER.parse(cron.strip().toUpperCase(Locale.ROOT));
            return Optional.of(new Schedule(workflowPath, cron, ExecutionTime.forCron(parsed)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether the cron fires in the minute starting at {@code minute} (UTC, seconds zero). */
    boolean firesAt(ZonedDateTime minute) {
        return time.isMatch(minute);
    }
}
