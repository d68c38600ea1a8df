package dovetail.bench;

import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.FilterSpec;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.synctask.TaskOptions;
import java.time.Duration;
import java.util.List;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;

/** The Kafka benchmark's ceiling for any sink: a Kafka task's runtime with nothing to publish. */
final class KafkaRuntimeAlone {

    private KafkaRuntimeAlone() {
    }

    /**
     * The same task with a filter that lets nothing through, in three runs: the runtime alone (read, batch, store the
     * position) is the ceiling any sink can reach. Its topic exists already when the runs reuse theirs.
     *
     * <p>Each run's CPU (this JVM with the broker, and PostgreSQL) is printed with the JIT compiler's share of it: a
     * task does what the runtime alone does and what the raw producer does (the same records through the same client
     * to the same broker), so their CPU together, spread over every core, is about the least a task takes here.
     */
    static void run(BenchDovetail dovetail, KafkaBench.Shape shape, KafkaBench.Run raw) throws Exception {
        CommandGateway gateway = dovetail.bean(CommandGateway.class);
        QueryGateway queries = dovetail.bean(QueryGateway.class);
        long runtimeNanos = Long.MAX_VALUE;
        double runtimeCpu = Double.MAX_VALUE;
        for (int round = 1; round <= KafkaBench.ROUNDS; round++) {
            String taskId = "bench-runtime-" + round;
            HistoryReads reads = dovetail.historyReads();
            long compiling = KafkaBench.compilationMillis();
            CpuMeter cpu = CpuMeter.start();
            long start = System.nanoTime();
            gateway.sendAndWait(new CreateSyncTask(taskId, new SyncTaskDefinition(
                    new SinkSpec(new KafkaSinkSpec(List.of(new KafkaTopicSpec(
                            KafkaBench.reusedTopics() ? "bench-task.events" : "bench.none", KafkaFormat.EVENTS)))),
                    new FilterSpec(List.of("ThingDeleted"), List.of()), null,
                    new TaskOptions(shape.batchSize(), null, shape.segments(), shape.threads()))));
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (!caughtUp(queries, taskId)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(taskId + " did not catch up");
                }
                Thread.sleep(5);
            }
            long nanos = System.nanoTime() - start;
            double seconds = cpu.seconds();
            System.out.printf("runtime alone, round %d: %6.2f s, %.2f s of CPU (JIT compiler %.2f s of it)%n", round,
                    nanos / 1e9, seconds, (KafkaBench.compilationMillis() - compiling) / 1e3);
            reads.print(taskId);
            runtimeNanos = Math.min(runtimeNanos, nanos);
            runtimeCpu = Math.min(runtimeCpu, seconds);
            gateway.sendAndWait(new DeleteSyncTask(taskId, true));
        }
        System.out.printf("same task, nothing to publish (runtime alone): %6.2f s  %,8.0f events/s; ceiling for any "
                + "sink (raw ÷ runtime alone): %.2f%n", runtimeNanos / 1e9, shape.things() / (runtimeNanos / 1e9),
                (double) raw.nanos() / runtimeNanos);
        System.out.printf("least CPU of the rounds: runtime alone %.2f s, raw producer %.2f s%n", runtimeCpu,
                raw.cpuSeconds());
    }

    private static boolean caughtUp(QueryGateway queries, String task) {
        return queries.query(new FindSyncTask(task), ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join()
                .map(view -> view.position() != null && view.head() != null && view.position() >= view.head())
                .orElse(false);
    }
}
