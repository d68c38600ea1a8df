package dovetail.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;

/**
 * Where the history readers' time goes, from the JFR events the sync engine commits (in
 * {@code dovetail.projections.synctask}: {@code HistoryReadEvent}, {@code ReadStageEvent}, {@code HandoffWaitEvent},
 * {@code StoreQueryEvent}, {@code HistoryDeliveryEvent}), recorded in-process while a benchmark runs. For each read of a task it prints the time up
 * to the head and what was delivered meanwhile, each stage's CPU time (fetching, with the store's queries run ahead
 * of it; converting; delivering), how long each stage waited on its neighbour up to the head, and how many events
 * the sink encoded from their stored payloads. The reader itself measures nothing when no recording asks for it.
 */
final class HistoryReads implements AutoCloseable {

    private static final String READ = "dovetail.HistoryRead";
    private static final String STAGE = "dovetail.HistoryReadStage";
    private static final String WAIT = "dovetail.HistoryReadWait";
    private static final String QUERY = "dovetail.StoreHistoryQuery";
    private static final String DELIVERY = "dovetail.HistoryDelivery";
    private static final String[] STAGES = {"fetching", "converting", "delivering"};
    /** How long {@link #print} waits for a read's last events; JFR hands them over about once a second. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final RecordingStream stream = new RecordingStream();
    private final AtomicLong flushes = new AtomicLong();
    /** By processor name: a task's catch-up and each of its full syncs' copies read under names of their own. */
    private final Map<String, Read> reads = new HashMap<>();
    private final List<Query> queries = new ArrayList<>();

    private HistoryReads() {
        for (String name : List.of(READ, STAGE, WAIT, QUERY, DELIVERY)) {
            stream.enable(name).withoutStackTrace().withoutThreshold();
        }
        stream.onEvent(READ, this::read);
        stream.onEvent(STAGE, this::stage);
        stream.onEvent(WAIT, this::waited);
        stream.onEvent(QUERY, this::queried);
        stream.onEvent(DELIVERY, this::delivered);
        stream.onFlush(flushes::incrementAndGet);
        stream.startAsync();
    }

    /** Records the history readers' events from now on. */
    static HistoryReads record() {
        return new HistoryReads();
    }

    private synchronized void read(RecordedEvent event) {
        Read read = reads.computeIfAbsent(event.getString("processor"), Read::new);
        read.task = event.getString("task");
        read.start = event.getStartTime();
        read.atHead = event.getEndTime();
        read.events += event.getLong("events");
        read.deliveries += event.getInt("deliveries");
        read.encodedFromStore += event.getLong("encodedFromStore");
    }

    private synchronized void stage(RecordedEvent event) {
        Read read = reads.computeIfAbsent(event.getString("processor"), Read::new);
        read.stageCpu.merge(event.getString("stage"), event.getLong("cpu"), Long::sum);
        if ("fetching".equals(event.getString("stage"))) {
            read.fetched = event.getEndTime();
        }
    }

    private synchronized void waited(RecordedEvent event) {
        reads.computeIfAbsent(event.getString("processor"), Read::new).waits.add(new Wait(
                event.getString("stage") + " for " + event.getString("waitingFor"), event.getStartTime(),
                event.getEndTime()));
    }

    private synchronized void delivered(RecordedEvent event) {
        reads.computeIfAbsent(event.getString("processor"), Read::new).waits.add(new Wait(
                String.format("delivery of %,d events", event.getLong("events")), event.getStartTime(),
                event.getEndTime()));
    }

    private synchronized void queried(RecordedEvent event) {
        queries.add(new Query(event.getStartTime(), event.getLong("cpu"), event.getEndTime()));
    }

    /**
     * Prints a line for each read of {@code task} recorded since the last call, once its stages have ended (waiting
     * for them up to {@link #PATIENCE}); nothing when the task read no history.
     */
    void print(String task) throws InterruptedException {
        long flushed = flushes.get();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        // two flushes after the call: every event committed before it has been handed over
        while ((flushes.get() < flushed + 2 || !ended(task)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (String line : lines(task)) {
            System.out.println("  " + line);
        }
    }

    private synchronized boolean ended(String task) {
        return reads.values().stream().filter(read -> task.equals(read.task))
                .allMatch(read -> read.stageCpu.keySet().containsAll(List.of(STAGES)));
    }

    private synchronized List<String> lines(String task) {
        List<String> lines = new ArrayList<>();
        for (Read read : List.copyOf(reads.values())) {
            if (task.equals(read.task)) {
                List<String> timeline = Boolean.getBoolean("bench.timeline") ? read.timeline(queries) : List.of();
                lines.add(read.describe(queryCpu(read)));
                lines.addAll(timeline);
                reads.remove(read.processor);
            }
        }
        return lines;
    }

    /** The CPU of the queries run ahead of the read's fetcher, on the store's own threads. */
    private long queryCpu(Read read) {
        Instant until = read.fetched != null ? read.fetched : read.atHead;
        long cpu = 0;
        for (Query query : queries) {
            if (!query.start().isBefore(read.start) && !query.start().isAfter(until)) {
                cpu += query.cpuNanos();
            }
        }
        queries.removeIf(query -> !query.start().isAfter(until));
        return cpu;
    }

    @Override
    public void close() {
        stream.close();
    }

    private record Wait(String what, Instant start, Instant end) {
    }

    private record Query(Instant start, long cpuNanos, Instant end) {
    }

    private static final class Read {
        final String processor;
        String task;
        Instant start;
        Instant atHead;
        Instant fetched;
        long events;
        int deliveries;
        long encodedFromStore;
        final Map<String, Long> stageCpu = new HashMap<>();
        final List<Wait> waits = new ArrayList<>();

        Read(String processor) {
            this.processor = processor;
        }

        /**
         * e.g. {@code "history read sync-task:bench: up to the head in 540 ms, 50,000 events in 3 deliveries (CPU:
         * fetching 85 ms with 40 ms of store queries, converting 102 ms, delivering 37 ms; waiting up to the head:
         * fetcher for room 0 ms, converter for events 200 ms and for room 10 ms, delivery for batches 300 ms; 0
         * event(s) encoded from their stored payloads)"}
         */
        String describe(long queryCpuNanos) {
            return String.format("history read %s: up to the head in %d ms, %,d events in %d %s (CPU: fetching "
                                 + "%d ms with %d ms of store queries, converting %d ms, delivering %d ms; waiting up "
                                 + "to the head: fetcher for room %d ms, converter for events %d ms and for room %d "
                                 + "ms, delivery for batches %d ms; %d event(s) encoded from their stored payloads)",
                    processor, Duration.between(start, atHead).toMillis(), events, deliveries,
                    deliveries == 1 ? "delivery" : "deliveries",
                    (stageCpu.getOrDefault("fetching", 0L) + queryCpuNanos) / 1_000_000, queryCpuNanos / 1_000_000,
                    stageCpu.getOrDefault("converting", 0L) / 1_000_000,
                    stageCpu.getOrDefault("delivering", 0L) / 1_000_000,
                    waited("fetcher for room"), waited("converter for events"), waited("converter for room"),
                    waited("delivery for batches"), encodedFromStore);
        }

        /**
         * With {@code -Dbench.timeline=true}: each wait of a stage (1 ms or longer) and each query run ahead, as
         * milliseconds from the read's start and how long it took, in order, up to the head.
         */
        List<String> timeline(List<Query> queries) {
            List<String> lines = new ArrayList<>();
            lines.add("     0.0 read started at " + start);
            for (Wait wait : waits) {
                if (wait.start().isBefore(atHead) && Duration.between(wait.start(), wait.end()).toMillis() >= 1) {
                    lines.add(String.format("  %6.1f +%5.1f ms %s", offset(wait.start()), millis(wait.start(),
                            wait.end()), wait.what()));
                }
            }
            for (Query query : queries) {
                if (!query.start().isBefore(start) && query.start().isBefore(atHead)) {
                    lines.add(String.format("  %6.1f +%5.1f ms query (cpu %.1f ms)", offset(query.start()),
                            millis(query.start(), query.end()), query.cpuNanos() / 1e6));
                }
            }
            lines.sort(Comparator.comparingDouble(line -> Double.parseDouble(line.trim().split(" ")[0])));
            lines.add(String.format("  %6.1f at the head", offset(atHead)));
            return lines;
        }

        private double offset(Instant instant) {
            return millis(start, instant);
        }

        private static double millis(Instant from, Instant to) {
            return Duration.between(from, to).toNanos() / 1e6;
        }

        /** How long the stage waited so, up to the head (a full sync's copy goes on following it). */
        private long waited(String what) {
            Duration total = Duration.ZERO;
            for (Wait wait : waits) {
                if (wait.what().equals(what) && wait.start().isBefore(atHead)) {
                    Instant end = wait.end().isAfter(atHead) ? atHead : wait.end();
                    total = total.plus(Duration.between(wait.start(), end));
                }
            }
            return total.toMillis();
        }
    }
}
