package dovetail.bench;

import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.projections.search.MeilisearchIndexes;
import io.micrometer.tracing.Tracer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.tracing.SpanFactory;

/**
 * What tracing costs: the measured paths of {@code create-thing} ({@code createThing} through the command gateway)
 * and of {@code projection} (a fresh Meilisearch task catching up on the Things) with tracing off
 * ({@code management.tracing.enabled=false}) against on (every trace sampled, spans exported over OTLP/HTTP to a
 * {@link TraceReceiver} in this process), in the same run. The sides differ in that one setting: for each run the same
 * Dovetail is restarted on the same engines and data with it switched, warmed up, then measured. The runs alternate
 * off, on, on, off, … so that the machine's drift falls on both sides alike, after a round of each that is not
 * counted. Each side's figure is the median of its runs; the ratio is on ÷ off of the throughputs.
 */
final class TracingBench {

    private static final double TARGET_RATIO = 0.9;
    /**
     * Each create-thing run's warm-up ({@code -Dbench.warm-up} seconds, 15 by default). Switching sides in one JVM
     * makes the JIT compile the command path again (Axon's span calls meet another span factory, the exporter's code
     * wakes up or falls idle), and a run that starts measuring before that settles pays for the switch, not for
     * tracing: with 5 s, every run with tracing on that followed one with it off was 15–25% slower than one that
     * followed another with it on, which ran as fast as off (docs/benchmarks.md).
     */
    private static final Duration CREATE_WARM_UP = Duration.ofSeconds(Long.getLong("bench.warm-up", 15));

    private TracingBench() {
    }

    enum Side {
        OFF, ON;

        String setting() {
            return "management.tracing.enabled=" + (this == ON);
        }

        String label() {
            return "tracing " + name().toLowerCase();
        }
    }

    /**
     * One measured run of a side: its throughput; the CPU (this JVM with the engines) it took per operation, which the
     * other processes on a shared machine move less than the throughput; how many operations (commands, catch-ups)
     * the Dovetail it ran on made in all, warm-ups included.
     */
    private record Run(double perSecond, double cpuPerOperation, long operations) {
    }

    @FunctionalInterface
    private interface Measure {
        Run run(BenchDovetail dovetail, Side side, String name) throws Exception;
    }

    /**
     * Each side's runs, in the order run; what the receiver got from the measured Dovetails with tracing on, from each
     * one's start to its close (warm-ups and the spans flushed at shutdown included), and over how many operations;
     * the spans by name from every Dovetail of the benchmark (the uncounted round's too).
     */
    private record Figures(String benchmark, String unit, String operation, Map<Side, List<Run>> runs,
                           TraceReceiver.Counts received, long operationsOn, Map<String, Long> spanNames) {

        List<Double> each(Side side, ToDoubleFunction<Run> figure) {
            return runs.get(side).stream().map(figure::applyAsDouble).toList();
        }

        static double median(List<Double> figures) {
            List<Double> sorted = figures.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }

        void print() {
            System.out.println(benchmark + ", " + runs.get(Side.OFF).size() + " runs a side:");
            for (Side side : Side.values()) {
                List<Double> perSecond = each(side, Run::perSecond);
                System.out.printf("  %-12s median %,9.0f %s  spread %,.0f–%,.0f  (%s)%n", side.label(),
                        median(perSecond), unit, Collections.min(perSecond), Collections.max(perSecond),
                        String.join(", ", perSecond.stream().map(run -> String.format("%,.0f", run)).toList()));
            }
            for (Side side : Side.values()) {
                List<Double> cpu = each(side, Run::cpuPerOperation);
                System.out.printf("  %-12s CPU per %s, median %s  spread %s–%s  (%s)%n", side.label(), operation,
                        seconds(median(cpu)), seconds(Collections.min(cpu)), seconds(Collections.max(cpu)),
                        String.join(", ", cpu.stream().map(TracingBench::seconds).toList()));
            }
            double ratio = median(each(Side.ON, Run::perSecond)) / median(each(Side.OFF, Run::perSecond));
            List<String> rounds = new ArrayList<>();
            for (int i = 0; i < runs.get(Side.ON).size(); i++) {
                rounds.add(String.format("%.2f", runs.get(Side.ON).get(i).perSecond()
                        / runs.get(Side.OFF).get(i).perSecond()));
            }
            System.out.printf("  ratio (on ÷ off, medians): %.2f  (target ≥ %.2f: %s); by round: %s%n", ratio,
                    TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met", String.join(" ", rounds));
            System.out.printf("  CPU ratio (off ÷ on, medians of CPU per %s): %.2f%n", operation,
                    median(each(Side.OFF, Run::cpuPerOperation)) / median(each(Side.ON, Run::cpuPerOperation)));
            System.out.printf("  exported by the measured Dovetails with tracing on: %s, %.1f span(s) per %s%n",
                    received.describe(), (double) received.spans() / operationsOn, operation);
            System.out.println("  most frequent spans, all runs: " + String.join(", ", spanNames.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                    .map(name -> String.format("%s %,d", name.getKey(), name.getValue())).toList()));
        }
    }

    static void run(Duration duration, int clients, int rounds, int things, int taskBatchSize) throws Exception {
        String part = System.getProperty("bench.part", "both");
        List<Figures> figures = new ArrayList<>();
        try (TraceReceiver receiver = TraceReceiver.start()) {
            if (!"projection".equals(part)) {
                figures.add(createThing(receiver, duration, clients, rounds));
            }
            if (!"create-thing".equals(part)) {
                figures.add(projection(receiver, rounds, things, taskBatchSize));
            }
            System.out.println();
            System.out.printf("tracing benchmark: off = management.tracing.enabled=false; on = sampling 1.0, OTLP/HTTP "
                    + "to %s in this process; %d core(s); bench.settings: %s%n", receiver.endpoint(),
                    Runtime.getRuntime().availableProcessors(), System.getProperty("bench.settings", "none"));
            figures.forEach(Figures::print);
            System.out.println("  " + receiver.counts().describe() + " in all (appends, warm-ups and spans flushed at "
                    + "shutdown included)");
        }
    }

    /** {@code createThing} from {@code clients} clients, after {@link #CREATE_WARM_UP} of it on the new Dovetail. */
    private static Figures createThing(TraceReceiver receiver, Duration duration, int clients, int rounds)
            throws Exception {
        String durability = System.getProperty("bench.durable", "on");
        System.out.printf("create-thing, %d clients, %d s each after %d s of warm-up, fsync and synchronous_commit "
                + "%s%n", clients, duration.toSeconds(), CREATE_WARM_UP.toSeconds(), durability);
        BenchDovetail dovetail = BenchDovetail.start(!"off".equals(durability), false,
                settings(receiver, Side.OFF));
        return alternate(dovetail, receiver, rounds, "create-thing", "commands/s", "command", (app, side, name) -> {
            Load.Operation create = CreateThingBench.create(app.bean(CommandGateway.class));
            Load.Result warmUp = Load.run("warm-up", clients, CREATE_WARM_UP, create);
            CpuMeter cpu = CpuMeter.start();
            Profiles.start();
            Load.Result result = Load.run("createThing, " + name, clients, duration, create);
            Profiles.stop("create-thing-" + side.name().toLowerCase());
            double cpuSeconds = cpu.seconds() / result.operations();
            System.out.println(result.describe() + "  CPU " + seconds(cpuSeconds) + " per command");
            return new Run(result.perSecond(), cpuSeconds, warmUp.operations() + result.operations());
        });
    }

    /**
     * A fresh Meilisearch task on {@code things} Things, appended with tracing on (so their events carry the
     * {@code traceparent} a traced deployment stores), timed as {@code projection} times it, after one unmeasured
     * catch-up on the new Dovetail ({@code bench.warmups} on each side of the first round).
     */
    private static Figures projection(TraceReceiver receiver, int rounds, int things, int taskBatchSize)
            throws Exception {
        System.out.printf("projection, %,d Things, batches of %,d, 1 segment%n", things, taskBatchSize);
        BenchDovetail dovetail = BenchDovetail.start(true, true, settings(receiver, Side.ON));
        System.out.printf("appending %,d Thing events with tracing on ...%n", things);
        ProjectionBench.append(dovetail.bean(CommandGateway.class), things);
        boolean[] firstOfSide = {true, true};
        return alternate(dovetail, receiver, rounds, "projection", "docs/s", "catch-up", (app, side, name) -> {
            int warmUps = firstOfSide[side.ordinal()] ? ProjectionBench.warmUps() : 1;
            firstOfSide[side.ordinal()] = false;
            for (int warmUp = 1; warmUp <= warmUps; warmUp++) {
                long nanos = catchUp(app, name + "-warm-up-" + warmUp, things, taskBatchSize, null);
                System.out.printf("sync task catch-up, %s (warm-up %d, not counted): %6.2f s%n", side.label(), warmUp,
                        nanos / 1e9);
            }
            CpuMeter cpu = CpuMeter.start();
            long nanos = catchUp(app, name, things, taskBatchSize, "projection-" + side.name().toLowerCase());
            double cpuSeconds = cpu.seconds();
            System.out.printf("sync task catch-up, %s: %6.2f s  %,8.0f docs/s  CPU %s%n", name, nanos / 1e9,
                    things / (nanos / 1e9), seconds(cpuSeconds));
            return new Run(things / (nanos / 1e9), cpuSeconds, warmUps + 1);
        });
    }

    /**
     * A catch-up of a new task into an index of its own, both deleted afterwards; answers its time. With a
     * {@code profile} label, the catch-up is profiled under it when profiles are asked for.
     */
    private static long catchUp(BenchDovetail dovetail, String taskId, int things, int taskBatchSize, String profile)
            throws Exception {
        if (profile != null) {
            Profiles.start();
        }
        long nanos = ProjectionBench.catchUp(dovetail, taskId, taskId, things, taskBatchSize, 1, 1);
        if (profile != null) {
            Profiles.stop(profile);
        }
        dovetail.bean(CommandGateway.class).sendAndWait(new DeleteSyncTask(taskId, true));
        MeilisearchIndexes indexes = dovetail.bean(MeilisearchIndexes.class);
        indexes.delete(indexes.fullIndexUid(taskId));
        return nanos;
    }

    /** Both sides' settings but the switch, with those of {@code bench.settings} (comma-separated name=value). */
    private static String[] settings(TraceReceiver receiver, Side side) {
        // the endpoint is set on both sides: with tracing off nothing may reach it
        List<String> settings = new ArrayList<>(List.of("management.tracing.sampling.probability=1.0",
                "management.otlp.tracing.endpoint=" + receiver.endpoint(), side.setting()));
        String given = System.getProperty("bench.settings", "").strip();
        if (!given.isEmpty()) {
            settings.addAll(List.of(given.split("\\s*,\\s*")));
        }
        return settings.toArray(String[]::new);
    }

    /**
     * A round of each side not counted, then {@code rounds} rounds, off first in odd rounds and on first in even
     * ones; every run on a Dovetail restarted with its side's setting. Closes the Dovetail when done.
     */
    private static Figures alternate(BenchDovetail first, TraceReceiver receiver, int rounds, String benchmark,
                                     String unit, String operation, Measure measure) throws Exception {
        Map<String, Long> namesBefore = receiver.names();
        BenchDovetail dovetail = first;
        Map<Side, List<Run>> runs = new EnumMap<>(Map.of(Side.OFF, new ArrayList<>(), Side.ON, new ArrayList<>()));
        TraceReceiver.Counts received = new TraceReceiver.Counts(0, 0, 0);
        long operationsOn = 0;
        // what the Dovetail of the last measured run with tracing on exported is known once it is closed
        TraceReceiver.Counts sinceOnStarted = null;
        try {
            for (int round = 0; round <= rounds; round++) {
                System.out.println(round == 0 ? "round 0 (not counted)" : "round " + round);
                for (Side side : round % 2 == 0 ? List.of(Side.ON, Side.OFF) : List.of(Side.OFF, Side.ON)) {
                    dovetail = dovetail.restarted(side.setting());
                    if (sinceOnStarted != null) {
                        received = received.plus(receiver.counts().since(sinceOnStarted));
                        sinceOnStarted = null;
                    }
                    String name = benchmark + "-" + side.name().toLowerCase() + "-" + round;
                    if (round == 0) {
                        System.out.printf("%s: Micrometer tracer %s, Axon span factory %s%n", side.label(),
                                typeOf(dovetail, Tracer.class), typeOf(dovetail, SpanFactory.class));
                    }
                    TraceReceiver.Counts started = receiver.counts();
                    Run run = measure.run(dovetail, side, name);
                    TraceReceiver.Counts during = receiver.counts().since(started);
                    System.out.println("  " + during.describe() + " so far");
                    if (side == Side.OFF && during.requests() > 0) {
                        throw new IllegalStateException("spans were exported with tracing off: " + during.describe());
                    }
                    if (round > 0) {
                        runs.get(side).add(run);
                        if (side == Side.ON) {
                            sinceOnStarted = started;
                            operationsOn += run.operations();
                        }
                    }
                }
            }
        } finally {
            dovetail.close();
        }
        if (sinceOnStarted != null) {
            received = received.plus(receiver.counts().since(sinceOnStarted));
        }
        Map<String, Long> spanNames = new HashMap<>();
        receiver.names().forEach((spanName, count) -> spanNames.put(spanName,
                count - namesBefore.getOrDefault(spanName, 0L)));
        return new Figures(benchmark, unit, operation, runs, received, operationsOn, spanNames);
    }

    /** e.g. {@code 2.41 ms}, {@code 4.08 s} */
    private static String seconds(double seconds) {
        return seconds < 1 ? String.format("%.2f ms", seconds * 1e3) : String.format("%.2f s", seconds);
    }

    private static String typeOf(BenchDovetail dovetail, Class<?> type) {
        Object bean = dovetail.app.getBeanProvider(type).getIfAvailable();
        return bean == null ? "none" : bean.getClass().getSimpleName();
    }
}
