package dovetail.migration.capture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the messages of PostgreSQL's built-in {@code pgoutput} plugin (protocol version 1, text tuples): the few
 * a capture needs become {@link Message}s, the rest are skipped. Relations are remembered by id, so tuples can be
 * read by column name.
 */
final class PgOutput {

    /** PostgreSQL's epoch for commit timestamps. */
    private static final Instant PG_EPOCH = Instant.parse("2000-01-01T00:00:00Z");
    private static final DateTimeFormatter TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("X")
            .toFormatter();

    sealed interface Message {
    }

    record Begin(Instant committedAt) implements Message {
    }

    record Commit(long endLsn, Instant committedAt) implements Message {
    }

    /** An inserted or updated row's new values, by column name (null for SQL NULL). */
    record Row(String table, Map<String, String> values) implements Message {
    }

    /** A deleted row's key (or old) values, by column name. */
    record Deleted(String table, Map<String, String> key) implements Message {
    }

    record LogicalMessage(String prefix, String content) implements Message {
    }

    record Other(char type) implements Message {
    }

    private record Relation(String table, List<String> columns) {
    }

    private final Map<Integer, Relation> relations = new HashMap<>();

    Message read(ByteBuffer buffer) {
        char type = (char) buffer.get();
        switch (type) {
            case 'B' -> {
                buffer.getLong();
                Instant at = timestamp(buffer.getLong());
                return new Begin(at);
            }
            case 'C' -> {
                buffer.get();
                buffer.getLong();
                long end = buffer.getLong();
                return new Commit(end, timestamp(buffer.getLong()));
            }
            case 'R' -> {
                int id = buffer.getInt();
                String namespace = string(buffer);
                String name = string(buffer);
                buffer.get();
                int count = buffer.getShort();
                List<String> columns = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    buffer.get();
                    columns.add(string(buffer));
                    buffer.getInt();
                    buffer.getInt();
                }
                relations.put(id, new Relation(namespace + "." + name, columns));
                return new Other(type);
            }
            case 'I' -> {
                Relation relation = relation(buffer.getInt());
                buffer.get();
                return new Row(relation.table(), tuple(buffer, relation));
            }
            case 'U' -> {
                Relation relation = relation(buffer.getInt());
                byte kind = buffer.get();
                if (kind == 'K' || kind == 'O') {
                    tuple(buffer, relation);
                    buffer.get();
                }
                return new Row(relation.table(), tuple(buffer, relation));
            }
            case 'D' -> {
                Relation relation = relation(buffer.getInt());
                buffer.get();
                return new Deleted(relation.table(), tuple(buffer, relation));
            }
            case 'M' -> {
                buffer.get();
                buffer.getLong();
                String prefix = string(buffer);
                byte[] content = new byte[buffer.getInt()];
                buffer.get(content);
                return new LogicalMessage(prefix, new String(content, StandardCharsets.UTF_8));
            }
            default -> {
                return new Other(type);
            }
        }
    }

    /** A timestamptz in PostgreSQL's ISO text output ({@code 2024-05-01 10:00:00.123456+00}, {@code …+05:30}). */
    static Instant parseTimestamp(String text) {
        if (text == null) {
            return null;
        }
        int sign = Math.max(text.lastIndexOf('+'), text.lastIndexOf('-'));
        String offset = text.substring(sign + 1).replace(":", "");
        // an offset with seconds (historic zones only) is cut to minutes
        String value = text.substring(0, sign + 1) + (offset.length() > 4 ? offset.substring(0, 4) : offset);
        return OffsetDateTime.parse(value, TIMESTAMPTZ).toInstant();
    }

    private Relation relation(int id) {
        Relation relation = relations.get(id);
        if (relation == null) {
            throw new IllegalStateException("pgoutput sent a row of relation " + id + " before describing it");
        }
        return relation;
    }

    private static Map<String, String> tuple(ByteBuffer buffer, Relation relation) {
        int count = buffer.getShort();
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < count; i++) {
            char kind = (char) buffer.get();
            String column = i < relation.columns().size() ? relation.columns().get(i) : "col" + i;
            if (kind == 't') {
                byte[] bytes = new byte[buffer.getInt()];
                buffer.get(bytes);
                values.put(column, new String(bytes, StandardCharsets.UTF_8));
            } else if (kind == 'n') {
                values.put(column, null);
            }
        }
        return values;
    }

    private static String string(ByteBuffer buffer) {
        int start = buffer.position();
        while (buffer.get() != 0) {
            // up to the terminating zero
        }
        byte[] bytes = new byte[buffer.position() - start - 1];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Instant timestamp(long microsSince2000) {
        return PG_EPOCH.plusNanos(microsSince2000 * 1000);
    }
}
