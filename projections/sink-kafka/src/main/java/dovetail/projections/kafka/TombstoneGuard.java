package dovetail.projections.kafka;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Lets a tombstone onto a state topic only for a key published there before, for a task whose filter can drop a
 * Thing: such a task turns every event of a Thing that does not match into a removal, and without this guard each
 * would reach consumers as a tombstone, also for Things that never matched. A topic whose keys are not known
 * exactly (it existed before Dovetail first wrote it) gets every tombstone, as is safe. Tasks that take every Thing
 * are not guarded: every key they remove was published.
 */
final class TombstoneGuard {

    private static final TombstoneGuard NONE = new TombstoneGuard(null, Set.of());

    private final PublishedKeys keys;
    private final Set<String> guarded;
    private final Map<String, Boolean> exact = new ConcurrentHashMap<>();

    TombstoneGuard(PublishedKeys keys, Set<String> guardedTopics) {
        this.keys = keys;
        this.guarded = Set.copyOf(guardedTopics);
    }

    /** A guard that lets every record through. */
    static TombstoneGuard none() {
        return NONE;
    }

    /** Registers the guarded topics once they exist; {@code created} names those the sink has just created. */
    void prepare(Set<String> created) {
        for (String topic : guarded) {
            exact.put(topic, keys.register(topic, created.contains(topic)));
        }
    }

    /** A batch about to be sent: the keys its guarded topics hold now are read once, for all its records. */
    Batch begin(List<ProducerRecord<String, byte[]>> records) {
        Map<String, Set<String>> touched = new HashMap<>();
        for (ProducerRecord<String, byte[]> record : records) {
            if (guarded.contains(record.topic())) {
                touched.computeIfAbsent(record.topic(), topic -> new HashSet<>()).add(record.key());
            }
        }
        Map<String, Set<String>> held = new HashMap<>();
        touched.forEach((topic, ids) -> held.put(topic, keys.known(topic, ids)));
        return new Batch(touched, held);
    }

    /** One batch's view of the keys, updated record by record in the batch's order. */
    final class Batch {

        private final Map<String, Set<String>> touched;
        private final Map<String, Set<String>> held;

        private Batch(Map<String, Set<String>> touched, Map<String, Set<String>> held) {
            this.touched = touched;
            this.held = held;
        }

        /** Whether to send this record: anything but a tombstone for a key a guarded topic does not hold. */
        boolean admit(ProducerRecord<String, byte[]> record) {
            Set<String> keysHeld = held.get(record.topic());
            if (keysHeld == null) {
                return true;
            }
            if (record.value() != null) {
                keysHeld.add(record.key());
                return true;
            }
            return keysHeld.remove(record.key()) || !exact.getOrDefault(record.topic(), false);
        }

        /** Once the broker has acknowledged the batch: records the keys it left on each guarded topic. */
        void commit() {
            touched.forEach((topic, ids) -> {
                Set<String> published = new HashSet<>(ids);
                published.retainAll(held.get(topic));
                Set<String> removed = new HashSet<>(ids);
                removed.removeAll(published);
                keys.record(topic, published, removed);
            });
        }
    }
}
