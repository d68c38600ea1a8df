package dovetail.migration.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.migration.legacy.LegacyRow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaStateCaptureTest {

    @Test
    void readsTheLegacyStateFormatAndTombstones() {
        CapturedChange upsert = KafkaStateCapture.change(record("7", "{\"id\": 7, \"name\": \"lamp\", \"foo\": 3, "
                + "\"created_on\": \"2024-05-01T10:00:00Z\", \"updated_on\": \"2024-05-01T12:00:00+02:00\", "
                + "\"version\": 2}")).orElseThrow();
        assertThat(((CapturedChange.Upsert) upsert).row()).isEqualTo(new LegacyRow(7, "lamp", 3,
                Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:00Z"), 2));
        assertThat(KafkaStateCapture.change(record("7", null)).orElseThrow())
                .isEqualTo(new CapturedChange.Removal(7, Instant.ofEpochMilli(1000)));
    }

    @Test
    void passesOverRecordsItCannotRead() {
        assertThat(KafkaStateCapture.change(record("7", "not json"))).isEmpty();
        assertThat(KafkaStateCapture.change(record("7", "{\"id\": 7, \"name\": \"lamp\"}"))).isEmpty();
        assertThat(KafkaStateCapture.change(record("8", "{\"id\": 7, \"name\": \"lamp\", \"foo\": 3, "
                + "\"created_on\": \"2024-05-01T10:00:00Z\", \"updated_on\": \"2024-05-01T10:00:00Z\", "
                + "\"version\": 2}"))).as("key and id disagree").isEmpty();
        assertThat(KafkaStateCapture.change(record("7", "{\"id\": 7, \"name\": \"lamp\", \"foo\": 3.5, "
                + "\"created_on\": \"2024-05-01T10:00:00Z\", \"updated_on\": \"2024-05-01T10:00:00Z\", "
                + "\"version\": 2}"))).as("fractional foo").isEmpty();
    }

    private static ConsumerRecord<String, byte[]> record(String key, String value) {
        return new ConsumerRecord<>("legacy.things", 0, 0, 1000, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, 0, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8),
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }
}
