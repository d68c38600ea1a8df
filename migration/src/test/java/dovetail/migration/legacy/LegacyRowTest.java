package dovetail.migration.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dovetail.domain.thing.ThingView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LegacyRowTest {

    private static final Instant AT = Instant.parse("2024-05-01T10:00:00.123456789Z");

    @Test
    void fooIsRoundedHalfEvenOnItsWayToTheLegacyStore() {
        assertThat(LegacyRow.legacyFoo(2.5)).isEqualTo(2);
        assertThat(LegacyRow.legacyFoo(3.5)).isEqualTo(4);
        assertThat(LegacyRow.legacyFoo(-2.5)).isEqualTo(-2);
        assertThat(LegacyRow.legacyFoo(2.51)).isEqualTo(3);
        assertThat(LegacyRow.of(new ThingView("7", "lamp", 0.5, AT, AT, 3)).foo()).isZero();
    }

    @Test
    void aThingAndItsLegacyRowKeepIdVersionAndMicrosecondTimes() {
        LegacyRow row = LegacyRow.of(new ThingView("7", "lamp", 1.0, AT, AT, 3));
        assertThat(row).isEqualTo(new LegacyRow(7, "lamp", 1, Instant.parse("2024-05-01T10:00:00.123456Z"),
                Instant.parse("2024-05-01T10:00:00.123456Z"), 3));
        assertThat(row.toImport().id()).isEqualTo("7");
        assertThat(row.toImport().version()).isEqualTo(3L);
        assertThat(row.toImport().foo()).isEqualTo(1.0);
    }

    @Test
    void theContentHashSeesContentButNotPadding() {
        LegacyRow row = new LegacyRow(0, "lamp", 1, AT, AT, 0);
        assertThat(new LegacyRow(0, "  lamp ", 1, AT, AT, 0).contentHash()).isEqualTo(row.contentHash());
        assertThat(new LegacyRow(0, "lamp", 2, AT, AT, 0).contentHash()).isNotEqualTo(row.contentHash());
        assertThat(new LegacyRow(0, "lamb", 1, AT, AT, 0).contentHash()).isNotEqualTo(row.contentHash());
        assertThat(new LegacyRow(0, "lamp", 1, AT, AT.plusNanos(1000), 0).contentHash()).isNotEqualTo(row.contentHash());
        assertThat(new LegacyRow(0, null, 1, AT, AT, 0).contentHash()).isNotEqualTo(row.contentHash());
    }
}
