package dovetail.projections.webhook;

import dovetail.projections.sink.SinkChange;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dovetail.domain.synctask.WebhookFormat;
import dovetail.domain.thing.ThingChange;
import dovetail.domain.thing.ThingDeleted;
import dovetail.domain.thing.ThingErased;
import dovetail.projections.sink.ThingRecords;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of a webhook request: {@code {"task","format","sentAt","records":[…]}}, each record the Kafka record of
 * the task's format as {@link ThingRecords} writes it (an EVENTS envelope, or a STATE row in the legacy shape) with
 * {@code "idempotencyKey": "<thingId>:<version>"} put first. A STATE removal, which Kafka writes as a tombstone that
 * JSON cannot carry, is {@code {"idempotencyKey","id","version","deleted":true}}. An EVENTS task posts nothing for a
 * Thing that only left its filter, as its Kafka topic publishes nothing for it: nothing happened to the Thing.
 */
final class WebhookRecords {

    private WebhookRecords() {
    }

    /** A change's record, with the Thing it is about (requests are split by Thing). */
    record Item(String thingId, byte[] json) {
    }

    /** The change's record in this format; null where the format has none for it. */
    static Item item(WebhookFormat format, SinkChange change) {
        String key = change.thingId() + ":" + change.version();
        byte[] record;
        if (format == WebhookFormat.STATE) {
            record = change.change() instanceof ThingChange.Upsert upsert ? ThingRecords.legacyState(upsert.thing())
                    : utf8("{\"id\":" + Long.parseLong(change.thingId()) + ",\"version\":" + change.version()
                            + ",\"deleted\":true}");
        } else if (change.change() instanceof ThingChange.Upsert || change.event() instanceof ThingDeleted
                   || change.event() instanceof ThingErased) {
            record = ThingRecords.envelope(change.event());
        } else {
            return null;
        }
        return new Item(change.thingId(), withKey(key, record));
    }

    /** The request body around the records, in their order. */
    static byte[] body(String taskId, WebhookFormat format, String sentAt, List<Item> items) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(
                128 + items.stream().mapToInt(item -> item.json().length + 1).sum());
        body.writeBytes(utf8("{\"task\":" + quoted(taskId) + ",\"format\":\"" + format.name() + "\",\"sentAt\":"
                              + quoted(sentAt) + ",\"records\":["));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(items.get(i).json());
        }
        body.writeBytes(utf8("]}"));
        return body.toByteArray();
    }

    /** The record with the key as its first field: every record is a JSON object with fields, so a comma follows. */
    private static byte[] withKey(String key, byte[] record) {
        if (record.length < 3 || record[0] != '{') {
            throw new IllegalStateException("A record is not a JSON object with fields");
        }
        byte[] head = utf8("{\"idempotencyKey\":" + quoted(key) + ",");
        byte[] keyed = new byte[head.length + record.length - 1];
        System.arraycopy(head, 0, keyed, 0, head.length);
        System.arraycopy(record, 1, keyed, head.length, record.length - 1);
        return keyed;
    }

    private static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
