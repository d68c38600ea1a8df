package dovetail.bench;

import dovetail.commands.erasure.ThingFieldEncryption;
import dovetail.domain.synctask.CreateSyncTask;
import dovetail.domain.synctask.DeleteSyncTask;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.synctask.KafkaSinkSpec;
import dovetail.domain.synctask.KafkaTopicSpec;
import dovetail.domain.synctask.SinkSpec;
import dovetail.domain.synctask.SyncTaskDefinition;
import dovetail.domain.synctask.TaskOptions;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.kafka.KafkaSink;
import dovetail.projections.kafka.KafkaTopicsAdmin;
import dovetail.projections.kafka.KafkaTopicsProperties;
import dovetail.domain.thing.ThingChange;
import dovetail.projections.sink.SinkChange;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publication: a Kafka task catching up on N Thing events (an events topic and a state topic, so 2N records),
 * against a raw producer with the same settings sending the same 2N records to fresh topics with the same
 * partitions in the same run, both including topic creation; both warm up unmeasured, then run in three
 * alternating rounds, and the best of each counts. Each warm-up and round also runs {@link KafkaPipeline}, the best
 * hand-written program for the task's whole job (reading the stored events included), and the task's best is
 * printed against its best too. Then the same task with nothing to publish ({@link KafkaRuntimeAlone}) and the
 * command round trip ({@link CommandRoundTrips}); what the topics hold is read with {@link TopicRecords}.
 */
final class KafkaBench {

    private static final double TARGET_RATIO = 0.7;
    static final int ROUNDS = 3;

    private KafkaBench() {
    }

    /** One measured run: its wall time, and the CPU the JVM (broker included) and PostgreSQL spent meanwhile. */
    record Run(long nanos, double cpuSeconds) {
    }

    /** The task's shape, as every run creates it. */
    record Shape(int things, int batchSize, int segments, int threads) {
    }

    static void run(int things, int batchSize, int segments, int threads, int commands) throws Exception {
        try (BenchDovetail dovetail = BenchDovetail.start(true, false, true)) {
            String servers = dovetail.engines.endpoints().kafkaBootstrapServers();
            CommandGateway gateway = dovetail.bean(CommandGateway.class);
            KafkaTopicsProperties topics = dovetail.bean(KafkaTopicsProperties.class);
            KafkaTopicsAdmin admin = new KafkaTopicsAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers),
                    topics);
            Shape shape = new Shape(things, batchSize, segments, threads);

            System.out.printf("appending %,d Thing events ...%n", things);
            List<ThingView> views = ProjectionBench.append(gateway, things);

            try (Admin topicsAdmin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                warmUp(dovetail, admin, topicsAdmin, views, shape);
                Run raw = rounds(dovetail, admin, topicsAdmin, views, shape);
                KafkaRuntimeAlone.run(dovetail, shape, raw);
            }
            CommandRoundTrips.run(servers, gateway, commands);
        }
    }

    /**
     * Both sides warm up unmeasured first. The JIT compiles a path only after it has run a while, and on 2 cores its
     * compiler threads otherwise take a core from the run measured: with this many hot paths (application,
     * producer, broker, JDBC) C2 stays busy for 10-30 pairs of runs, so the warm-ups go on (at least
     * {@code bench.warmups}, at most {@code bench.max-warmups}) until a pair leaves the compiler busy for less than
     * a tenth of its time. Every pair is printed, with its ratio.
     */
    private static void warmUp(BenchDovetail dovetail, KafkaTopicsAdmin admin, Admin topicsAdmin,
                               List<ThingView> views, Shape shape) throws Exception {
        String servers = dovetail.engines.endpoints().kafkaBootstrapServers();
        int maxWarmUps = Math.max(ProjectionBench.warmUps(), Integer.getInteger("bench.max-warmups", 40));
        for (int warmUp = 1; warmUp <= maxWarmUps; warmUp++) {
            long compiling = compilationMillis();
            long pairStart = System.nanoTime();
            long rawNanos = raw(servers, admin, topicsAdmin, views, "raw-warm-up-" + warmUp, false).nanos();
            long nanos = publish(dovetail, topicsAdmin, "bench-warm-up-" + warmUp, shape, false).nanos();
            long pipelineNanos = pipeline(dovetail, admin, topicsAdmin, "pipeline-warm-up-" + warmUp, shape, false).nanos();
            double compilerShare = (compilationMillis() - compiling) / ((System.nanoTime() - pairStart) / 1e6);
            System.out.printf("warm-up %d (not counted): raw producer %6.2f s, kafka task %6.2f s (ratio %.2f), "
                    + "pipeline %6.2f s (ratio %.2f), JIT compiling %3.0f%% of the time%n", warmUp, rawNanos / 1e9,
                    nanos / 1e9, (double) rawNanos / nanos, pipelineNanos / 1e9, (double) pipelineNanos / nanos,
                    100 * compilerShare);
            if (warmUp >= ProjectionBench.warmUps() && compilerShare < 0.1) {
                return;
            }
        }
    }

    /**
     * Three rounds, each the raw producer and then a task, so that both meet the same state of the JVM and the
     * broker; the best of each counts, every round is printed. Answers the raw producer's best time, with the least
     * CPU any of its rounds took.
     */
    private static Run rounds(BenchDovetail dovetail, KafkaTopicsAdmin admin, Admin topicsAdmin,
                               List<ThingView> views, Shape shape) throws Exception {
        String servers = dovetail.engines.endpoints().kafkaBootstrapServers();
        long rawNanos = Long.MAX_VALUE;
        long taskNanos = Long.MAX_VALUE;
        long pipelineNanos = Long.MAX_VALUE;
        double rawCpu = Double.MAX_VALUE;
        double taskCpu = Double.MAX_VALUE;
        double pipelineCpu = Double.MAX_VALUE;
        for (int round = 1; round <= ROUNDS; round++) {
            Run rawRun = raw(servers, admin, topicsAdmin, views, "raw-" + round, true);
            long raw = rawRun.nanos();
            rawCpu = Math.min(rawCpu, rawRun.cpuSeconds());
            System.out.printf("round %d: raw producer, %,d records: %6.2f s  %,8.0f events/s%n", round,
                    2 * shape.things(), raw / 1e9, shape.things() / (raw / 1e9));
            Run taskRun = publish(dovetail, topicsAdmin, "bench-kafka-" + round, shape, true);
            long task = taskRun.nanos();
            taskCpu = Math.min(taskCpu, taskRun.cpuSeconds());
            System.out.printf("round %d: kafka task catch-up, batches of %,d, %d segment(s), %d thread(s): %6.2f s  "
                    + "%,8.0f events/s  (ratio this round %.2f)%n", round, shape.batchSize(), shape.segments(),
                    shape.threads(), task / 1e9, shape.things() / (task / 1e9), (double) raw / task);
            Run pipelineRun = pipeline(dovetail, admin, topicsAdmin, "pipeline-" + round, shape, true);
            pipelineCpu = Math.min(pipelineCpu, pipelineRun.cpuSeconds());
            System.out.printf("round %d: hand-written pipeline: %6.2f s  (ratio vs pipeline this round %.2f)%n", round,
                    pipelineRun.nanos() / 1e9, (double) pipelineRun.nanos() / task);
            rawNanos = Math.min(rawNanos, raw);
            taskNanos = Math.min(taskNanos, task);
            pipelineNanos = Math.min(pipelineNanos, pipelineRun.nanos());
        }
        double ratio = (double) rawNanos / taskNanos;
        System.out.printf("best of %d: raw producer %6.2f s, kafka task %6.2f s  %,8.0f events/s%n", ROUNDS,
                rawNanos / 1e9, taskNanos / 1e9, shape.things() / (taskNanos / 1e9));
        System.out.printf("publication ratio (raw best ÷ task best): %.2f  (target ≥ %.2f: %s)%n", ratio,
                TARGET_RATIO, ratio >= TARGET_RATIO ? "met" : "NOT met");
        double limit = (double) pipelineNanos / taskNanos;
        System.out.printf("hand-written pipeline best (JDBC rows → records from the stored JSON on one thread, sent on "
                + "another): %6.2f s%n", pipelineNanos / 1e9);
        System.out.printf("publication ratio against the pipeline (pipeline best ÷ task best): %.2f  (target ≥ 0.90: "
                + "%s)%n", limit, limit >= 0.9 ? "met" : "NOT met");
        System.out.printf("least CPU of the rounds (JVM with the broker, and PostgreSQL): raw producer %.2f s, kafka "
                + "task %.2f s, pipeline %.2f s, on %d cores%n", rawCpu, taskCpu, pipelineCpu,
                Runtime.getRuntime().availableProcessors());
        return new Run(rawNanos, rawCpu);
    }

    /**
     * Creates a Kafka task with an events and a state topic named after it, and answers how long it took until the
     * task had delivered all N events (the broker had acknowledged their 2N records), then checks that both topics
     * hold them; then deletes the task and its topics, so that every run meets the same broker and no finished task
     * keeps running beside the next.
     */
    private static Run publish(BenchDovetail dovetail, Admin topicsAdmin, String taskId, Shape shape,
                                boolean report) throws Exception {
        CommandGateway gateway = dovetail.bean(CommandGateway.class);
        String servers = dovetail.engines.endpoints().kafkaBootstrapServers();
        String prefix = reusedTopics() ? "bench-task" : taskId;
        List<String> names = List.of(prefix + ".events", prefix + ".state");
        // the observer is ready before the clock starts: it measures the task, it is not part of it
        try (KafkaConsumer<byte[], byte[]> observer = TopicRecords.consumer(servers, ByteArrayDeserializer.class)) {
            long before = reusedTopics() ? TopicRecords.in(topicsAdmin, observer, names) : 0;
            HistoryReads reads = dovetail.historyReads();
            CpuMeter cpu = CpuMeter.start();
            Profiles.start();
            long start = System.nanoTime();
            Instant createdAt = Instant.now();
            gateway.sendAndWait(new CreateSyncTask(taskId, new SyncTaskDefinition(new SinkSpec(new KafkaSinkSpec(
                    List.of(new KafkaTopicSpec(names.get(0), KafkaFormat.EVENTS),
                            new KafkaTopicSpec(names.get(1), KafkaFormat.STATE)))),
                    null, null, new TaskOptions(shape.batchSize(), null, shape.segments(), shape.threads()))));
            TaskDeliveries.await(dovetail.bean(MeterRegistry.class), taskId, shape.things(), Duration.ofMinutes(10));
            long nanos = System.nanoTime() - start;
            Profiles.stop("task");
            double seconds = cpu.seconds();
            if (Boolean.getBoolean("bench.timeline")) {
                System.out.println("  created at " + createdAt + ", delivered after " + nanos / 1_000_000 + " ms");
            }
            // outside the clock: what the task counts as delivered is on the topics
            TopicRecords.await(topicsAdmin, observer, names, before + 2L * shape.things(), Duration.ofMinutes(1));
            if (report) {
                System.out.println("  " + cpu.report() + "\n  " + cpu.threadReport(8));
            }
            reads.print(taskId);
            gateway.sendAndWait(new DeleteSyncTask(taskId, true));
            if (!reusedTopics()) {
                TopicRecords.deleteTopics(topicsAdmin, names);
            }
            return new Run(nanos, seconds);
        }
    }

    /**
     * {@code bench.topics=reused} (the default): every raw run writes to the same two topics, every task to two others
     * (created by the first run), so neither clock holds creating topics and the broker sees no topic churn: the
     * publication rate itself. {@code fresh}: each run creates its two topics (inside its clock) and deletes them
     * after, as a task created on a new pair of topics does.
     */
    static boolean reusedTopics() {
        return !"fresh".equals(System.getProperty("bench.topics", "reused"));
    }

    static long compilationMillis() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime() : 0;
    }


    /**
     * The task's 2N records, sent by a producer configured as the task's is, and every acknowledgement awaited; with
     * {@code report}, the CPU spent within its clock is printed (building the records comes before it).
     */
    private static Run raw(String servers, KafkaTopicsAdmin admin, Admin topicsAdmin, List<ThingView> views,
                            String name, boolean report) throws Exception {
        List<KafkaSink.Topic> rawTopics = topics(reusedTopics() ? "bench-raw" : name);
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(views.size() * 2);
        for (ThingView view : views) {
            SinkChange change = new SinkChange(new ThingChange.Upsert(view),
                    new ThingCreated(view.id(), view.name(), view.foo(), view.createdOn(), view.version()));
            rawTopics.forEach(topic -> records.add(KafkaSink.record(topic, change)));
        }
        CpuMeter cpu = CpuMeter.start();
        long start = System.nanoTime();
        admin.ensure(rawTopics);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings(servers))) {
            rawTopics.forEach(topic -> producer.partitionsFor(topic.name())); // as the sink's prepare does
            List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
            for (ProducerRecord<String, byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get(2, TimeUnit.MINUTES);
            }
            return ended(System.nanoTime() - start, cpu, report, topicsAdmin, rawTopics);
        }
    }

    /** A run's events and state topics, named with {@code prefix}. */
    private static List<KafkaSink.Topic> topics(String prefix) {
        return List.of(new KafkaSink.Topic(prefix + ".events", KafkaFormat.EVENTS),
                new KafkaSink.Topic(prefix + ".state", KafkaFormat.STATE));
    }

    /** A run that took {@code nanos}: its CPU, printed with {@code report}; its topics deleted unless reused. */
    private static Run ended(long nanos, CpuMeter cpu, boolean report, Admin topicsAdmin, List<KafkaSink.Topic> topics)
            throws Exception {
        double seconds = cpu.seconds();
        if (report) {
            System.out.println("  " + cpu.report() + "\n  " + cpu.threadReport(8));
        }
        if (!reusedTopics()) {
            TopicRecords.deleteTopics(topicsAdmin, topics.stream().map(KafkaSink.Topic::name).toList());
        }
        return new Run(nanos, seconds);
    }

    /** A producer's settings as a task's ({@code KafkaSinks}): acks from all replicas, idempotent, the same batching. */
    private static Map<String, Object> producerSettings(String servers) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return settings;
    }

    /**
     * The hand-written pipeline ({@link KafkaPipeline}) into topics of its own; with {@code report}, the CPU spent
     * within its clock is printed.
     */
    private static Run pipeline(BenchDovetail dovetail, KafkaTopicsAdmin admin, Admin topicsAdmin, String name,
                                Shape shape, boolean report) throws Exception {
        List<KafkaSink.Topic> topics = topics(reusedTopics() ? "bench-pipeline" : name);
        CpuMeter cpu = CpuMeter.start();
        Profiles.start();
        long nanos = KafkaPipeline.run(admin, dovetail.bean(JdbcTemplate.class),
                dovetail.bean(ThingFieldEncryption.class)::decrypt,
                producerSettings(dovetail.engines.endpoints().kafkaBootstrapServers()), topics, shape.things());
        Profiles.stop("pipeline");
        return ended(nanos, cpu, report, topicsAdmin, topics);
    }
}
