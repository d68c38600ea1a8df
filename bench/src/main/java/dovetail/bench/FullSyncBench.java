package dovetail.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.meilisearch.sdk.Index;
import dovetail.commands.erasure.ThingFieldEncryption;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.FindSyncTask;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.StartFullSync;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.SyncTaskView;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.thing.ThingView;
import dovetail.projections.search.MeilisearchIndexes;
import dovetail.projections.search.ThingDocument;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Full sync throughput: a full sync of a Meilisearch task over N Thing events (a fresh copy index built beside the
 * live one, then swapped in), timed from the command until the task is back to one index holding N documents and
 * Meilisearch is idle, against a raw bulk ingest of the same N documents at the best batch size (the best of three
 * runs, one per batch size). The full sync is measured three times after unmeasured warm-ups, and its best counts.
 * Also samples the application's heap and resident memory during the measured full syncs.
 */
final class FullSyncBench {

    private static final int MEASURED = 3;

    private FullSyncBench() {
    }

    static void run(int things, int taskBatchSize, int segments, int threads) throws Exception {
        try (BenchDovetail dovetail = BenchDovetail.start(true, true)) {
            CommandGateway commands = dovetail.bean(CommandGateway.class);
            QueryGateway queries = dovetail.bean(QueryGateway.class);
            JdbcTemplate jdbc = dovetail.bean(JdbcTemplate.class);
            MeilisearchIndexes indexes = dovetail.bean(MeilisearchIndexes.class);

            System.out.printf("appending %,d Thing events ...%n", things);
            List<ThingView> views = ProjectionBench.append(commands, things);
            long bestRawNanos = ProjectionBench.rawIngest(indexes, views, new ObjectMapper());

            HistoryReads reads = dovetail.historyReads();
            commands.sendAndWait(new CreateSyncTask("bench", new SyncTaskDefinition(new SinkSpec(
                    new MeilisearchSinkSpec("things", ThingDocument.PRIMARY_KEY, ThingDocument.SEARCHABLE_ATTRIBUTES,
                            ThingDocument.FILTERABLE_ATTRIBUTES, ThingDocument.SORTABLE_ATTRIBUTES)),
                    null, null, new TaskOptions(taskBatchSize, null, segments, threads))));
            Index live = indexes.client().index(indexes.fullIndexUid("things"));
            ProjectionBench.await(Duration.ofMinutes(10), () -> ProjectionBench.indexed(ProjectionBench.stats(live), things));
            System.out.println("live index built; starting the full sync");
            reads.print("bench");
            System.gc();

            // full syncs before the measured ones warm the JIT up on the path a full sync takes (as the raw side's
            // first batch size warms up its own); then three are measured and the best counts, as the raw side's
            // best of its three runs does
            int warmUps = ProjectionBench.warmUps();
            long fullSyncNanos = Long.MAX_VALUE;
            long peakHeap = 0;
            long peakResident = 0;
            MemorySampler memory;
            for (int run = 0; run < warmUps + MEASURED; run++) {
                boolean measured = run >= warmUps;
                System.gc();
                memory = new MemorySampler();
                memory.start();
                CpuMeter cpu = CpuMeter.start();
                long batchesBefore = MeilisearchBatches.latest(indexes);
                Profiles.start();
                long start = System.nanoTime();
                commands.sendAndWait(new StartFullSync("bench"));
                // the task's row says when the full sync is over (a primary-key read, as cheap to poll as the raw
                // side's index stats); the GraphQL view agrees, checked once at the end
                ProjectionBench.await(Duration.ofMinutes(10), () -> jdbc.queryForObject(
                        "select full_sync_phase = 'COMPLETED' from sync_task where id = 'bench'", Boolean.class)
                        && ProjectionBench.indexed(ProjectionBench.stats(live), things));
                long nanos = System.nanoTime() - start;
                Profiles.stop("full-sync");
                memory.stop();
                boolean over = queries.query(new FindSyncTask("bench"),
                        ResponseTypes.optionalInstanceOf(SyncTaskView.class)).join()
                        .map(view -> view.fullSync() == null).orElse(false);
                if (!over) {
                    throw new IllegalStateException("the task's view still shows a full sync");
                }
                if (measured) {
                    fullSyncNanos = Math.min(fullSyncNanos, nanos);
                    peakHeap = Math.max(peakHeap, memory.peakHeap.get());
                    peakResident = Math.max(peakResident, memory.peakResident.get());
                    System.out.printf("full sync (measured %d of %d): %6.2f s%n", run - warmUps + 1, MEASURED,
                            nanos / 1e9);
                } else {
                    System.out.printf("full sync (warm-up %d, not counted): %6.2f s%n", run + 1, nanos / 1e9);
                }
                System.out.println("  " + cpu.report() + "\n  " + cpu.threadReport(8) + "\n  "
                                   + MeilisearchBatches.describeAfter(indexes, batchesBefore));
                reads.print("bench");
            }

            double ratio = (double) bestRawNanos / fullSyncNanos;
            System.out.printf("full sync, best of %d, batches of %,d, %d segment(s), %d thread(s): %6.2f s  "
                    + "%,8.0f docs/s%n", MEASURED,
                    taskBatchSize, segments, threads, fullSyncNanos / 1e9, things / (fullSyncNanos / 1e9));
            System.out.printf("full sync throughput ratio (raw best ÷ full sync): %.2f  (target ≥ 0.80: %s)%n", ratio,
                    ratio >= 0.8 ? "met" : "NOT met");
            System.out.printf("application memory during the full syncs: heap used peak %d MB (max heap %d MB), "
                              + "resident peak %d MB%n", peakHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, peakResident >> 20);
            FullSyncPipeline.compare(indexes, jdbc, dovetail.bean(ThingFieldEncryption.class)::decrypt, views,
                    new ObjectMapper(), fullSyncNanos);
        }
    }

    /** Heap in use and the process's resident set, sampled every 50 ms; the peaks. */
    private static final class MemorySampler {

        final AtomicLong peakHeap = new AtomicLong();
        final AtomicLong peakResident = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::sample, "memory-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        private void sample() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            while (running.get()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                peakResident.accumulateAndGet(residentBytes(), Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private static long residentBytes() {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream()
                            .filter(line -> line.startsWith("VmRSS:"))
                            .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0L);
            } catch (Exception notLinux) {
                return 0;
            }
        }
    }
}
