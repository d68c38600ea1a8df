package dovetail.embedded.kafka;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A developer's client for Dovetail's Kafka command intake, so that it can be tried without Kafka's own tools:
 * each line of standard input, {@code <key>:<command JSON>}, is sent to {@code dovetail.things.commands}, and the
 * result with the same key is awaited on {@code dovetail.things.command-results} and printed as
 * {@code <key>: <result JSON>}. The broker is {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, by default development mode's
 * (127.0.0.1:19092); {@code DOVETAIL_KAFKA_TOPIC_PREFIX} is put before both topic names, as Dovetail does.
 */
public final class CommandRoundTrip {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private CommandRoundTrip() {
    }

    public static void main(String[] args) throws Exception {
        // before anything logs: the clients' own chatter would bury the results
        System.setProperty("logback.configurationFile", "dovetail/embedded/kafka/quiet-logback.xml");
        run(System.getenv().getOrDefault("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                System.getenv().getOrDefault("DOVETAIL_KAFKA_TOPIC_PREFIX", ""),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
    }

    /** Sends each {@code <key>:<command JSON>} line of {@code input} and writes {@code <key>: <result>} to {@code out}. */
    public static void run(String servers, String prefix, BufferedReader input, PrintStream out) throws Exception {
        String commands = prefix + "dovetail.things.commands";
        String results = prefix + "dovetail.things.command-results";
        try (KafkaConsumer<String, String> consumer = consumer(servers);
             KafkaProducer<String, String> producer = producer(servers)) {
            // start reading the results from their end now, so every answer to what follows is seen
            List<TopicPartition> partitions = consumer.partitionsFor(results, PATIENCE).stream()
                    .map(info -> new TopicPartition(results, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            for (String line = input.readLine(); line != null; line = input.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                int separator = line.indexOf(':');
                if (separator < 1) {
                    System.err.println("Each line is <key>:<command JSON>; skipped: " + line);
                    continue;
                }
                String key = line.substring(0, separator);
                producer.send(new ProducerRecord<>(commands, key, line.substring(separator + 1))).get();
                out.println(key + ": " + await(consumer, key));
            }
        }
    }

    private static String await(KafkaConsumer<String, String> consumer, String key) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> result : consumer.poll(Duration.ofMillis(200))) {
                if (key.equals(result.key())) {
                    return result.value();
                }
            }
        }
        return "(no result within " + PATIENCE.toSeconds() + " s: is Dovetail running, with its command intake?)";
    }

    private static KafkaConsumer<String, String> consumer(String servers) {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "command-round-trip-" + UUID.randomUUID());
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return new KafkaConsumer<>(properties);
    }

    private static KafkaProducer<String, String> producer(String servers) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
    }
}
