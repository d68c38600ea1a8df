package dovetail.migration.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgOutputTest {

    @Test
    void readsPostgresTimestampsInAnyOffsetForm() {
        Instant expected = Instant.parse("2024-05-01T10:00:00.123456Z");
        assertThat(PgOutput.parseTimestamp("2024-05-01 10:00:00.123456+00")).isEqualTo(expected);
        assertThat(PgOutput.parseTimestamp("2024-05-01 12:00:00.123456+02")).isEqualTo(expected);
        assertThat(PgOutput.parseTimestamp("2024-05-01 15:30:00.123456+05:30")).isEqualTo(expected);
        assertThat(PgOutput.parseTimestamp("2024-05-01 06:00:00.123456-04")).isEqualTo(expected);
        assertThat(PgOutput.parseTimestamp("2024-05-01 10:00:00+00")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void decodesRelationsRowsDeletionsAndCommits() throws IOException {
        PgOutput decoder = new PgOutput();
        assertThat(decoder.read(relation())).isInstanceOf(PgOutput.Other.class);

        PgOutput.Message inserted = decoder.read(message(out -> {
            out.writeByte('I');
            out.writeInt(16385);
            out.writeByte('N');
            tuple(out, "7", "lamp", "3");
        }));
        assertThat(inserted).isEqualTo(new PgOutput.Row("public.things", Map.of("id", "7", "name", "lamp", "foo", "3")));

        PgOutput.Message deleted = decoder.read(message(out -> {
            out.writeByte('D');
            out.writeInt(16385);
            out.writeByte('K');
            out.writeShort(3);
            text(out, "7");
            out.writeByte('n');
            out.writeByte('n');
        }));
        assertThat(deleted).isInstanceOf(PgOutput.Deleted.class);
        assertThat(((PgOutput.Deleted) deleted).key()).containsEntry("id", "7").containsEntry("name", null);

        PgOutput.Message commit = decoder.read(message(out -> {
            out.writeByte('C');
            out.writeByte(0);
            out.writeLong(100);
            out.writeLong(200);
            out.writeLong(1_000_000);
        }));
        assertThat(commit).isEqualTo(new PgOutput.Commit(200, Instant.parse("2000-01-01T00:00:01Z")));
    }

    private static ByteBuffer relation() throws IOException {
        return message(out -> {
            out.writeByte('R');
            out.writeInt(16385);
            string(out, "public");
            string(out, "things");
            out.writeByte('d');
            out.writeShort(3);
            for (String column : new String[] {"id", "name", "foo"}) {
                out.writeByte(1);
                string(out, column);
                out.writeInt(20);
                out.writeInt(-1);
            }
        });
    }

    private static void tuple(DataOutputStream out, String... values) throws IOException {
        out.writeShort(values.length);
        for (String value : values) {
            text(out, value);
        }
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeByte('t');
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        out.write(value.getBytes(StandardCharsets.UTF_8));
        out.writeByte(0);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static ByteBuffer message(Writer writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writer.write(new DataOutputStream(bytes));
        return ByteBuffer.wrap(bytes.toByteArray());
    }
}
