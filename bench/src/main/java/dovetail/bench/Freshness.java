package dovetail.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * How fresh a topic is under load: from the moment a mutation answered with a Thing's id to the moment that Thing's
 * record is read from the topic, for every Thing created while measuring. A consumer follows the topic from its end
 * on a thread of its own; a record may be read before its mutation's answer is (then it counts as 0 ms).
 */
final class Freshness implements AutoCloseable {

    /** What a measured stretch delivered: how many Things, over how long until the last arrived, how fresh. */
    record Result(long things, Duration untilLast, Duration drain, Histogram latencyMicros) {

        double perSecond() {
            return things / (untilLast.toNanos() / 1e9);
        }

        double latencyMillis(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        String describe() {
            return String.format("delivered %,d Things at %,.0f/s (the last %.1f s after the load ended); answer → "
                    + "record p50 %.1f ms, p99 %.1f ms", things, perSecond(), drain.toNanos() / 1e9,
                    latencyMillis(50), latencyMillis(99));
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    /**
     * By Thing id, while measuring, whichever came first: when its mutation answered (waiting for its record), or
     * when its record arrived (waiting for the answer). Both sides settle an id in one atomic step.
     */
    private final Map<String, Seen> pending = new ConcurrentHashMap<>();
    private final Histogram latencyMicros = new ConcurrentHistogram(60_000_000L, 3);
    private final LongAdder measured = new LongAdder();
    private volatile boolean measuring;
    private volatile long lastArrival;
    private volatile long start;

    /** One side of a Thing seen first, at {@code nanos}. */
    private record Seen(boolean answer, long nanos) {
    }

    private Freshness(KafkaConsumer<String, byte[]> consumer) {
        this.consumer = consumer;
        this.thread = new Thread(this::follow, "freshness");
        this.thread.setDaemon(true);
    }

    /** Follows {@code topic} from its end (waiting until it exists). */
    static Freshness follow(String servers, String topic) throws InterruptedException {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (partitions.isEmpty()) {
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " did not appear within a minute");
            }
            consumer.listTopics().getOrDefault(topic, List.of())
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            TimeUnit.MILLISECONDS.sleep(partitions.isEmpty() ? 250 : 0);
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Freshness freshness = new Freshness(consumer);
        freshness.thread.start();
        return freshness;
    }

    /** Measures the Things created from now on. */
    void start() {
        start = System.nanoTime();
        measuring = true;
    }

    /** A mutation answered with this Thing's id. */
    void answered(String thingId) {
        if (!measuring) {
            return;
        }
        long now = System.nanoTime();
        measured.increment();
        pending.compute(thingId, (id, seen) -> {
            if (seen == null) {
                return new Seen(true, now);
            }
            latencyMicros.recordValue(0); // the record came first
            return null;
        });
    }

    private void arrived(String thingId, long now) {
        pending.compute(thingId, (id, seen) -> {
            if (seen != null && seen.answer()) {
                latencyMicros.recordValue(Math.max(0, (now - seen.nanos()) / 1000));
                lastArrival = now;
                return null;
            }
            if (seen == null && measuring) {
                lastArrival = now;
                return new Seen(false, now);
            }
            return seen;
        });
    }

    private void follow() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    arrived(record.key(), System.nanoTime());
                }
            } catch (org.apache.kafka.common.errors.InterruptException stopped) {
                return;
            }
        }
    }

    /**
     * Stops measuring new Things (the load has ended: every client's calls answered) and waits until every Thing
     * measured has arrived.
     */
    synchronized Result finish(Duration timeout) throws InterruptedException {
        long loadEnded = System.nanoTime();
        measuring = false;
        long deadline = loadEnded + timeout.toNanos();
        while (pending.values().stream().anyMatch(Seen::answer)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.values().stream().filter(Seen::answer).count()
                        + " Things did not reach the topic within " + timeout);
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        long last = Math.max(lastArrival, loadEnded);
        return new Result(measured.sum(), Duration.ofNanos(last - start), Duration.ofNanos(Math.max(0, last - loadEnded)),
                latencyMicros.copy());
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
        consumer.close(Duration.ofSeconds(5));
    }
}
