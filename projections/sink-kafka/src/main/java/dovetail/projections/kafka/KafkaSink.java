package dovetail.projections.kafka;

import dovetail.domain.store.TraceParent;
import dovetail.projections.sink.ThingRecords;
import dovetail.projections.sink.FailureText;
import dovetail.domain.synctask.KafkaFormat;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingErased;
import dovetail.projections.sink.EncodesStored;
import dovetail.projections.sink.SinkChange;
import dovetail.projections.sink.StoredThingRecords;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a task's changes to its Kafka topics, keyed by Thing id (so each Thing's records stay in one partition,
 * in order), and returns only when the broker has acknowledged every record of the batch ({@code acks=all}): only
 * then may the task move its position. Nothing is collapsed: an events topic gets every event.
 *
 * <p>This is a plain Kafka producer rather than a Spring Cloud Stream binding on purpose: a binding's send hands the
 * record to the binder and returns before the broker answers, and its synchronous mode waits record by record. Here a
 * batch is sent at once and then every acknowledgement is awaited, which is both at-least-once and fast.
 *
 * <p>A batch that fails or times out throws, and the producer is closed without waiting, dropping what it still
 * held, so a batch given up on cannot land after the retried copy of it; a new producer serves the retry. Records
 * already written before the failure are written again by the retry: consumers deduplicate by id and version
 * (headers {@code dovetail-type} and {@code dovetail-version} carry them, also on tombstones).
 */
public final class KafkaSink implements EncodesStored<List<ProducerRecord<String, byte[]>>> {

    private static final Logger log = LoggerFactory.getLogger(KafkaSink.class);

    /** A topic as the sink writes it: its full name and format. */
    public record Topic(String name, KafkaFormat format) {
    }

    private final List<Topic> topics;
    private final Supplier<Producer<String, byte[]>> producers;
    private final KafkaTopicsAdmin admin;
    private final String servers;
    private final TombstoneGuard tombstones;
    private Producer<String, byte[]> producer;

    public KafkaSink(List<Topic> topics, Supplier<Producer<String, byte[]>> producers, KafkaTopicsAdmin admin,
                     String servers) {
        this(topics, producers, admin, servers, TombstoneGuard.none());
    }

    KafkaSink(List<Topic> topics, Supplier<Producer<String, byte[]>> producers, KafkaTopicsAdmin admin,
              String servers, TombstoneGuard tombstones) {
        this.topics = List.copyOf(topics);
        this.producers = producers;
        this.admin = admin;
        this.servers = servers;
        this.tombstones = tombstones;
    }

    /**
     * Creates the topics (and waits until their leaders serve them, see {@link KafkaTopicsAdmin#ensure}), then has
     * the producer load their partitions, so the first batch does not wait for metadata.
     */
    @Override
    public void prepare() {
        tombstones.prepare(admin.ensure(topics));
        try {
            Producer<String, byte[]> current = producer();
            topics.forEach(topic -> current.partitionsFor(topic.name()));
        } catch (RuntimeException e) {
            throw new KafkaDeliveryFailure("Kafka at " + servers + " did not describe " + names() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void deliver(List<SinkChange> batch, Duration timeout) {
        deliverEncoded(batch.stream().map(this::encode).toList(), timeout);
    }

    /** The change's records, one per topic that takes it (built ahead of delivery by the task's converting thread). */
    @Override
    public List<ProducerRecord<String, byte[]>> encode(SinkChange change) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(topics.size());
        for (Topic topic : topics) {
            ProducerRecord<String, byte[]> record = record(topic, change);
            if (record != null) {
                records.add(record);
            }
        }
        return records;
    }

    /** The records of a stored Thing event, read by {@link StoredThingRecords#read}; null where it reads none. */
    @Override
    public Encoded<List<ProducerRecord<String, byte[]>>> encodeStored(Class<?> eventType, byte[] payload,
                                                                     String traceparent) {
        StoredThingRecords stored = StoredThingRecords.read(eventType, payload);
        if (stored == null) {
            return null;
        }
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(topics.size());
        byte[] type = typeHeader(stored.type());
        byte[] version = Long.toString(stored.version()).getBytes(StandardCharsets.UTF_8);
        byte[] trace = traceHeader(traceparent);
        for (Topic topic : topics) {
            byte[] value = topic.format() == KafkaFormat.STATE ? stored.state() : stored.envelope();
            records.add(record(topic.name(), stored.id(), value, type, version, trace));
        }
        return new Encoded<>(stored.id(), stored.version(), records);
    }

    @Override
    public void deliverEncoded(List<List<ProducerRecord<String, byte[]>>> batch, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProducerRecord<String, byte[]>> all = new ArrayList<>(batch.size() * topics.size());
        batch.forEach(all::addAll);
        TombstoneGuard.Batch keys = tombstones.begin(all);
        Producer<String, byte[]> current = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(all.size());
        try {
            for (ProducerRecord<String, byte[]> record : all) {
                if (keys.admit(record)) {
                    sent.add(current.send(record));
                }
            }
            for (Future<RecordMetadata> acknowledgement : sent) {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            discard(current);
            throw new KafkaDeliveryFailure("Kafka at " + servers + " did not acknowledge a batch of " + sent.size()
                    + " record(s) for " + names() + " within " + timeout, e);
        } catch (ExecutionException e) {
            discard(current);
            throw new KafkaDeliveryFailure("Kafka at " + servers + " refused a batch for " + names() + ": "
                    + FailureText.reason(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            discard(current);
            Thread.currentThread().interrupt();
            throw new KafkaDeliveryFailure("Interrupted while publishing to " + names(), e);
        } catch (RuntimeException e) {
            // send itself failed: no metadata within max.block.ms (Kafka unreachable), or a record too large
            discard(current);
            throw new KafkaDeliveryFailure("Kafka at " + servers + " could not take a batch for " + names() + ": "
                    + FailureText.reason(e), e);
        }
        keys.commit();
    }

    /** The record a change makes on a topic, or null when the topic takes nothing from it. */
    public static ProducerRecord<String, byte[]> record(Topic topic, SinkChange change) {
        byte[] value;
        if (topic.format() == KafkaFormat.STATE) {
            value = change.removes() ? null : ThingRecords.legacyState(change.thing());
        } else if (!change.removes() || change.event() instanceof ThingDeleted
                   || change.event() instanceof ThingErased) {
            value = ThingRecords.envelope(change.event());
        } else {
            // the Thing stopped meeting the task's filter: a state topic forgets it, but nothing happened to it
            return null;
        }
        byte[] type = typeHeader(change.event().getClass().getSimpleName());
        return record(topic.name(), change.thingId(), value, type,
                Long.toString(change.version()).getBytes(StandardCharsets.UTF_8), traceHeader(change.traceparent()));
    }

    /**
     * A record keyed by Thing id, with the headers consumers deduplicate by (type when known, and version), and the
     * W3C {@code traceparent} of the request that caused the event when it was traced. Records of one event share
     * the headers' bytes, which nothing writes to.
     */
    private static ProducerRecord<String, byte[]> record(String topic, String id, byte[] value, byte[] type,
                                                         byte[] version, byte[] traceparent) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, id, value);
        if (type != null) {
            record.headers().add(new RecordHeader("dovetail-type", type));
        }
        record.headers().add(new RecordHeader("dovetail-version", version));
        if (traceparent != null) {
            record.headers().add(new RecordHeader(TraceParent.KEY, traceparent));
        }
        return record;
    }

    private static byte[] traceHeader(String traceparent) {
        return traceparent == null ? null : traceparent.getBytes(StandardCharsets.UTF_8);
    }

    /** The four Thing event types' header values, written once. */
    private static final Map<String, byte[]> TYPE_HEADERS = ThingChange.EVENT_TYPES.stream().map(Class::getSimpleName)
            .collect(Collectors.toUnmodifiableMap(type -> type, type -> type.getBytes(StandardCharsets.UTF_8)));

    private static byte[] typeHeader(String type) {
        byte[] known = TYPE_HEADERS.get(type);
        return known != null ? known : type.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String describe() {
        return "kafka " + names();
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private synchronized Producer<String, byte[]> producer() {
        if (producer == null) {
            producer = producers.get();
        }
        return producer;
    }

    private synchronized void discard(Producer<String, byte[]> failed) {
        if (producer == failed) {
            producer = null;
        }
        try {
            failed.close(Duration.ZERO);
        } catch (RuntimeException e) {
            log.debug("Closing a failed producer for {}: {}", names(), e.toString());
        }
    }

    private String names() {
        return String.join(", ", topics.stream().map(Topic::name).toList());
    }
}
