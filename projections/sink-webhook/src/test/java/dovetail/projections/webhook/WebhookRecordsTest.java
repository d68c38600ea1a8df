package dovetail.projections.webhook;

import dovetail.projections.sink.SinkChange;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dovetail.domain.synctask.WebhookFormat;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingCreated;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingUpdated;
import dovetail.domain.thing.ThingView;
import dovetail.projections.sink.ThingRecords;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookRecordsTest {

    private static final Instant CREATED = Instant.parse("2026-03-01T12:00:00.123456Z");
    private static final Instant UPDATED = Instant.parse("2026-03-02T08:30:00Z");
    private static final ThingUpdated UPDATE = new ThingUpdated("42", "lamp", 2.5, CREATED, UPDATED, 3);
    private static final ThingDeleted DELETION = new ThingDeleted("42", UPDATED, 4);
    private final ObjectMapper json = new ObjectMapper();

    private static SinkChange change(Object event) {
        return new SinkChange(ThingChange.of(event).orElseThrow(), event);
    }

    @Test
    void anEventsRecordIsTheKafkaEnvelopeWithItsIdempotencyKeyFirst() throws Exception {
        WebhookRecords.Item item = WebhookRecords.item(WebhookFormat.EVENTS, change(UPDATE));

        byte[] envelope = ThingRecords.envelope(UPDATE);
        assertThat(new String(item.json(), StandardCharsets.UTF_8)).isEqualTo("{\"idempotencyKey\":\"42:3\","
                + new String(envelope, 1, envelope.length - 1, StandardCharsets.UTF_8));
        JsonNode record = json.readTree(item.json());
        assertThat(record.fieldNames().next()).isEqualTo("idempotencyKey");
        ((ObjectNode) record).remove("idempotencyKey");
        assertThat(record).isEqualTo(json.readTree(envelope));
        assertThat(item.thingId()).isEqualTo("42");
        assertThat(json.readTree(WebhookRecords.item(WebhookFormat.EVENTS, change(DELETION)).json()).get("type")
                .asText()).isEqualTo("ThingDeleted");
    }

    @Test
    void aStateRecordIsTheLegacyRowAndARemovalSaysDeletedWhereKafkaWouldWriteATombstone() throws Exception {
        JsonNode state = json.readTree(WebhookRecords.item(WebhookFormat.STATE, change(UPDATE)).json());
        assertThat(state.get("idempotencyKey").asText()).isEqualTo("42:3");
        ((ObjectNode) state).remove("idempotencyKey");
        assertThat(state).isEqualTo(json.readTree(ThingRecords.legacyState(
                new ThingView("42", "lamp", 2.5, CREATED, UPDATED, 3))));

        assertThat(new String(WebhookRecords.item(WebhookFormat.STATE, change(DELETION)).json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"idempotencyKey\":\"42:4\",\"id\":42,\"version\":4,\"deleted\":true}");
    }

    @Test
    void aThingThatOnlyLeftTheFilterIsADeletionInStateAndNothingInEvents() {
        SinkChange left = new SinkChange(new ThingChange.Removal("42", 3), UPDATE);

        assertThat(new String(WebhookRecords.item(WebhookFormat.STATE, left).json(), StandardCharsets.UTF_8))
                .isEqualTo("{\"idempotencyKey\":\"42:3\",\"id\":42,\"version\":3,\"deleted\":true}");
        assertThat(WebhookRecords.item(WebhookFormat.EVENTS, left)).isNull();
    }

    @Test
    void theBodyHoldsTheTaskTheFormatTheTimeAndTheRecordsInOrder() throws Exception {
        ThingCreated created = new ThingCreated("7", "desk", 1.0, CREATED, 1);
        List<WebhookRecords.Item> items = List.of(WebhookRecords.item(WebhookFormat.EVENTS, change(created)),
                WebhookRecords.item(WebhookFormat.EVENTS, change(UPDATE)));

        JsonNode body = json.readTree(WebhookRecords.body("hooks", WebhookFormat.EVENTS, "2026-03-02T08:30:01Z", items));

        assertThat(body.get("task").asText()).isEqualTo("hooks");
        assertThat(body.get("format").asText()).isEqualTo("EVENTS");
        assertThat(body.get("sentAt").asText()).isEqualTo("2026-03-02T08:30:01Z");
        assertThat(body.get("records").findValuesAsText("idempotencyKey")).containsExactly("7:1", "42:3");
        assertThat(body.get("records").get(1)).isEqualTo(json.readTree(items.get(1).json()));
    }

    @Test
    void theSignatureIsTheHmacSha256OfTheExactBodyInHex() throws Exception {
        // RFC 4231, test case 2
        assertThat(new WebhookSignature("Jefe").of("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

        byte[] body = WebhookRecords.body("hooks", WebhookFormat.STATE, "2026-03-02T08:30:01Z",
                List.of(WebhookRecords.item(WebhookFormat.STATE, change(UPDATE))));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("a-secret-of-24-characters".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(new WebhookSignature("a-secret-of-24-characters").of(body))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(body)));
    }
}
