package dovetail.bench;

import dovetail.domain.thing.CreateThing;
import dovetail.domain.thing.ThingAccepted;
import dovetail.domain.thing.ThingOutcome;
import dovetail.domain.thing.UpdateThing;
import java.util.Arrays;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Loading a Thing with a long history: one Thing gets {@code events} events through {@code updateThing}, then
 * {@code updateThing} on it (load, version check, one event appended, commit) is timed with snapshots, at the
 * default threshold, and without: the same Dovetail restarted on the same database with the snapshots deleted and a
 * threshold no Thing reaches, so that every load reads every event. Both in this process; the run without snapshots
 * comes second, on a JVM the first has warmed.
 */
final class SnapshotBench {

    private static final int WARM_UP = 20;

    private SnapshotBench() {
    }

    static void run(int events, int loads, int threshold) {
        String durability = System.getProperty("bench.durable", "on");
        BenchDovetail dovetail = BenchDovetail.start(!"off".equals(durability), false,
                "dovetail.snapshots.threshold=" + threshold);
        try {
            CommandGateway commands = dovetail.bean(CommandGateway.class);
            ThingOutcome created = commands.sendAndWait(new CreateThing("long history", 0.0));
            String id = ((ThingAccepted) created).thing().id();
            long started = System.nanoTime();
            long version = 1;
            for (; version < events; version++) {
                update(commands, id, version);
            }
            double appendSeconds = (System.nanoTime() - started) / 1e9;
            Timings on = time(commands, id, version, loads);
            version += WARM_UP + loads;
            Long snapshotAt = dovetail.bean(JdbcTemplate.class).queryForObject(
                    "select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?", Long.class,
                    id);

            dovetail = dovetail.restarted("dovetail.snapshots.threshold=" + Integer.MAX_VALUE);
            JdbcTemplate jdbc = dovetail.bean(JdbcTemplate.class);
            jdbc.update("delete from snapshot_event_entry");
            commands = dovetail.bean(CommandGateway.class);
            Timings off = time(commands, id, version, loads);
            Long snapshotsAfter = jdbc.queryForObject("select count(*) from snapshot_event_entry", Long.class);

            System.out.println();
            System.out.printf("snapshots benchmark: one Thing with %,d events (appended through updateThing in %.1f s, "
                    + "%.0f/s), %d timed updateThing each after %d unmeasured, fsync and synchronous_commit %s%n",
                    events, appendSeconds, events / appendSeconds, loads, WARM_UP, durability);
            System.out.println(on.describe("with snapshots (threshold " + threshold + ", latest at event "
                    + snapshotAt + ")"));
            System.out.println(off.describe("without snapshots (" + snapshotsAfter + " stored)"));
            System.out.printf("ratio (without ÷ with, p50): %.1f×   (mean: %.1f×)%n", off.p50() / on.p50(),
                    off.mean() / on.mean());
        } finally {
            dovetail.close();
        }
    }

    private static void update(CommandGateway commands, String id, long expectedVersion) {
        ThingOutcome outcome = commands.sendAndWait(new UpdateThing(id, "long history " + (expectedVersion + 1),
                (double) expectedVersion, expectedVersion));
        if (!(outcome instanceof ThingAccepted)) {
            throw new IllegalStateException("refused: " + outcome);
        }
    }

    /** Warms up, then times {@code loads} updates of the Thing, which is at {@code version}. */
    private static Timings time(CommandGateway commands, String id, long version, int loads) {
        for (int i = 0; i < WARM_UP; i++) {
            update(commands, id, version++);
        }
        double[] millis = new double[loads];
        for (int i = 0; i < loads; i++) {
            long start = System.nanoTime();
            update(commands, id, version++);
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Timings(millis);
    }

    /** Sorted latencies in milliseconds. */
    private record Timings(double[] millis) {

        double p50() {
            return millis[millis.length / 2];
        }

        double mean() {
            return Arrays.stream(millis).average().orElse(0);
        }

        String describe(String label) {
            return String.format("%-58s p50 %7.2f ms  mean %7.2f ms  p90 %7.2f ms  max %7.2f ms", label, p50(), mean(),
                    millis[(int) (millis.length * 0.9)], millis[millis.length - 1]);
        }
    }
}
