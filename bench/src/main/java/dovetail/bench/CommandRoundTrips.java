package dovetail.bench;

import dovetail.domain.thing.CreateThing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * The command round trip, the Kafka benchmark's second part: sequential {@code createThing} commands through the
 * Kafka intake (send, then wait for the result record), beside the same command through the gateway in process.
 */
final class CommandRoundTrips {

    private CommandRoundTrips() {
    }

    /** Sequential createThing commands through the Kafka intake, each timed from send to its result record. */
    static void run(String servers, CommandGateway gateway, int commands) throws Exception {
        Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = TopicRecords.consumer(servers, StringDeserializer.class)) {
                List<TopicPartition> partitions = consumer.partitionsFor("dovetail.things.command-results").stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                waiting.put("ready", CompletableFuture.completedFuture(0L));
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, byte[]> result : consumer.poll(Duration.ofMillis(100))) {
                        CompletableFuture<Long> answer = waiting.get(result.key());
                        if (answer != null) {
                            answer.complete(System.nanoTime());
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "bench-results");
        reader.start();
        Map<String, Object> settings = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 0);
        Histogram intake = new Histogram(60_000_000L, 3);
        Histogram direct = new Histogram(60_000_000L, 3);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(settings)) {
            while (!waiting.containsKey("ready")) {
                Thread.sleep(10);
            }
            int warmUp = Math.min(50, commands);
            for (int i = -warmUp; i < commands; i++) {
                String key = UUID.randomUUID().toString();
                CompletableFuture<Long> answer = new CompletableFuture<>();
                waiting.put(key, answer);
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>("dovetail.things.commands", key,
                        ("{\"type\": \"createThing\", \"name\": \"round trip " + i + "\", \"foo\": 1}")
                                .getBytes(StandardCharsets.UTF_8)));
                long received = answer.get(30, TimeUnit.SECONDS);
                waiting.remove(key);
                long gatewayStart = System.nanoTime();
                gateway.sendAndWait(new CreateThing("direct " + i, 1.0));
                long gatewayEnd = System.nanoTime();
                if (i >= 0) {
                    intake.recordValue((received - sent) / 1000);
                    direct.recordValue((gatewayEnd - gatewayStart) / 1000);
                }
            }
        } finally {
            reader.interrupt();
            reader.join(5_000);
        }
        System.out.printf("command round trip over %d sequential createThing commands:%n", commands);
        System.out.printf("  Kafka intake (send → result record): p50 %6.1f ms  p99 %6.1f ms%n",
                intake.getValueAtPercentile(50) / 1000.0, intake.getValueAtPercentile(99) / 1000.0);
        System.out.printf("  command gateway (same command, in process): p50 %6.1f ms  p99 %6.1f ms%n",
                direct.getValueAtPercentile(50) / 1000.0, direct.getValueAtPercentile(99) / 1000.0);
    }

}
