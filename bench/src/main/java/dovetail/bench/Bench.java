package dovetail.bench;

import java.time.Duration;
import java.util.Arrays;

/**
 * Runs one named benchmark and prints its figures as a ratio against a baseline measured in the same process.
 * Usage: {@code mvn -q -pl bench -am install -DskipTests && mvn -q -pl bench exec:java -Dexec.args="create-thing"}.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "create-thing";
        Duration duration = Duration.ofSeconds(Long.getLong("bench.seconds", 20));
        int clients = Integer.getInteger("bench.clients", 4);
        switch (name) {
            case "create-thing" -> CreateThingBench.run(duration, clients);
            case "projection" -> ProjectionBench.run(Integer.getInteger("bench.things", 50_000),
                    Integer.getInteger("bench.batch", 1_000), Integer.getInteger("bench.segments", 1),
                    Integer.getInteger("bench.threads", 1), Integer.getInteger("bench.mutations", 200));
            case "kafka" -> KafkaBench.run(Integer.getInteger("bench.things", 50_000),
                    Integer.getInteger("bench.batch", 1_000), Integer.getInteger("bench.segments", 1),
                    Integer.getInteger("bench.threads", 1), Integer.getInteger("bench.commands", 500));
            case "full-sync" -> FullSyncBench.run(Integer.getInteger("bench.things", 100_000),
                    Integer.getInteger("bench.batch", 1_000), Integer.getInteger("bench.segments", 1),
                    Integer.getInteger("bench.threads", 1));
            case "scaling" -> ScalingBench.run(Integer.getInteger("bench.instances", 3),
                    Integer.getInteger("bench.clients", 12),
                    Duration.ofSeconds(Integer.getInteger("bench.warm-up-seconds", 10)),
                    Duration.ofSeconds(Integer.getInteger("bench.seconds", 20)),
                    Integer.getInteger("bench.full-sync-events", 100_000));
            case "migration" -> MigrationBench.run(Integer.getInteger("bench.rows", 100_000),
                    Integer.getInteger("bench.batch", 500), Integer.getInteger("bench.writes-per-second", 200),
                    Integer.getInteger("bench.seconds", 20));
            case "read" -> ReadBench.run(Integer.getInteger("bench.things", 50_000), Integer.getInteger("bench.runs", 5));
            case "lambda-cold-start" -> LambdaColdStartBench.run(Integer.getInteger("bench.runs", 5));
            case "search-scale" -> SearchScaleBench.run(Integer.getInteger("bench.things", 200_000),
                    Integer.getInteger("bench.batch", 5_000), Integer.getInteger("bench.searches", 1_000));
            case "snapshots" -> SnapshotBench.run(Integer.getInteger("bench.events", 10_000),
                    Integer.getInteger("bench.loads", 50), Integer.getInteger("bench.threshold", 100));
            case "tracing" -> TracingBench.run(duration, clients, Integer.getInteger("bench.rounds", 5),
                    Integer.getInteger("bench.things", 50_000), Integer.getInteger("bench.batch", 1_000));
            default -> {
                System.err.println("unknown benchmark " + name + "; known: create-thing, projection, full-sync, kafka, scaling, read, migration, search-scale, lambda-cold-start, snapshots, tracing (args " + Arrays.toString(args) + ")");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
