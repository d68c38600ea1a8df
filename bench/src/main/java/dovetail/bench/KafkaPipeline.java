package dovetail.bench;

import dovetail.domain.store.TraceParent;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.thing.ThingChange;
import dovetail.projections.kafka.KafkaSink;
import dovetail.projections.kafka.KafkaTopicsAdmin;
import dovetail.projections.sink.StoredThingRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The true limit of a Kafka task's publication on this machine: the best hand-written program doing its job in the
 * same process. A reader thread reads the Thing events' stored rows with plain JDBC in event order (one streaming
 * query), reads each payload as the store's readers read it (its encrypted fields decrypted, see
 * {@code ThingFieldEncryption}) and builds each event's two records from that JSON ({@link StoredThingRecords#read}, the Kafka
 * sink's own encoding: the envelope around the stored payload, the state in the legacy shape), keyed by Thing id with
 * the sink's headers (the event's {@code traceparent}, from its stored metadata, among them); this thread sends them as they come with a producer configured as the task's and then awaits
 * every acknowledgement. Timed like the raw producer: from ensuring the topics and creating the producer until the
 * last acknowledgement is in.
 */
final class KafkaPipeline {

    private static final int BATCH = 1_000;
    private static final List<ProducerRecord<String, byte[]>> END = List.of();
    private static final Map<String, Class<?>> THING_EVENTS = ThingChange.EVENT_TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));
    private static final Map<String, byte[]> TYPE_HEADERS = ThingChange.EVENT_TYPE_NAMES.stream()
            .collect(Collectors.toUnmodifiableMap(Function.identity(), name -> name.getBytes(StandardCharsets.UTF_8)));
    private static final String ROWS = "select payload_type, payload, meta_data from domain_event_entry where payload_type in ("
            + THING_EVENTS.keySet().stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "))
            + ") order by global_index";

    /** One reader thread for every run, alive after it, so that the CPU report of a run shows it. */
    private static final ExecutorService READER = Executors.newSingleThreadExecutor(work -> {
        Thread thread = new Thread(work, "pipeline-reader");
        thread.setDaemon(true);
        return thread;
    });

    private KafkaPipeline() {
    }

    /**
     * Publishes every Thing event to the topics (each with its format); answers the time taken. {@code events} is how
     * many Thing events the store holds: each must have a record on every topic.
     */
    static long run(KafkaTopicsAdmin admin, JdbcTemplate jdbc, UnaryOperator<byte[]> readable,
                    Map<String, Object> producerSettings, List<KafkaSink.Topic> topics, long events) throws Exception {
        long start = System.nanoTime();
        admin.ensure(topics);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerSettings)) {
            topics.forEach(topic -> producer.partitionsFor(topic.name()));
            BlockingQueue<List<ProducerRecord<String, byte[]>>> batches = new ArrayBlockingQueue<>(4);
            CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> {
                try {
                    read(jdbc, readable, topics, batches);
                } catch (RuntimeException | InterruptedException e) {
                    batches.clear(); // only the reader puts: there is room for the end now
                    batches.offer(END);
                    throw new IllegalStateException(e);
                }
            }, READER);
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (List<ProducerRecord<String, byte[]>> batch = batches.take(); batch != END; batch = batches.take()) {
                for (ProducerRecord<String, byte[]> record : batch) {
                    sent.add(producer.send(record));
                }
            }
            reading.join();
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get(2, TimeUnit.MINUTES);
            }
            long nanos = System.nanoTime() - start;
            if (sent.size() != events * topics.size()) {
                throw new IllegalStateException("the pipeline sent " + sent.size() + " records, not "
                        + events * topics.size());
            }
            return nanos;
        }
    }

    private static void read(JdbcTemplate jdbc, UnaryOperator<byte[]> readable, List<KafkaSink.Topic> topics,
                             BlockingQueue<List<ProducerRecord<String, byte[]>>> out) throws InterruptedException {
        List<List<ProducerRecord<String, byte[]>>> batch = new ArrayList<>(List.of(new ArrayList<>(2 * BATCH)));
        ProjectionPipeline.eachRow(jdbc, ROWS, BATCH, row -> {
            StoredThingRecords stored = StoredThingRecords.read(THING_EVENTS.get(row.getString(1)),
                    readable.apply(row.getBytes(2)));
            if (stored == null) {
                throw new IllegalStateException("a stored Thing event not as the application writes it");
            }
            byte[] type = TYPE_HEADERS.get(stored.type());
            byte[] version = Long.toString(stored.version()).getBytes(StandardCharsets.UTF_8);
            String traceparent = TraceParent.inStoredMetadata(row.getBytes(3));
            byte[] trace = traceparent == null ? null : traceparent.getBytes(StandardCharsets.UTF_8);
            for (KafkaSink.Topic topic : topics) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), stored.id(),
                        topic.format() == KafkaFormat.STATE ? stored.state() : stored.envelope());
                record.headers().add(new RecordHeader("dovetail-type", type));
                record.headers().add(new RecordHeader("dovetail-version", version));
                if (trace != null) {
                    record.headers().add(new RecordHeader(TraceParent.KEY, trace));
                }
                batch.get(0).add(record);
            }
            if (batch.get(0).size() >= 2 * BATCH) {
                put(out, batch.get(0));
                batch.set(0, new ArrayList<>(2 * BATCH));
            }
        });
        if (!batch.get(0).isEmpty()) {
            out.put(batch.get(0));
        }
        out.put(END);
    }

    private static void put(BlockingQueue<List<ProducerRecord<String, byte[]>>> out,
                            List<ProducerRecord<String, byte[]>> batch) {
        try {
            out.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
