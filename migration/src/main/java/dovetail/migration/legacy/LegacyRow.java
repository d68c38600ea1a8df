package dovetail.migration.legacy;

import dovetail.domain.thing.ImportThing;
import dovetail.domain.thing.ThingRules;
import dovetail.domain.thing.ThingView;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A row of the legacy {@code things} table, and the one mapping between it and a Thing. Legacy foo is an integer,
 * Dovetail's a double: a Thing's foo is rounded half-even on its way to the legacy store (2.5 → 2, 3.5 → 4), and a
 * legacy foo is carried over exactly. Times keep PostgreSQL's microseconds.
 */
public record LegacyRow(long id, String name, long foo, Instant createdOn, Instant updatedOn, long version) {

    public static LegacyRow of(ThingView thing) {
        return new LegacyRow(Long.parseLong(thing.id()), thing.name(), legacyFoo(thing.foo()),
                thing.createdOn().truncatedTo(ChronoUnit.MICROS), thing.updatedOn().truncatedTo(ChronoUnit.MICROS),
                thing.version());
    }

    public static long legacyFoo(double foo) {
        return BigDecimal.valueOf(foo).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    public ImportThing toImport() {
        return new ImportThing(Long.toString(id), name, (double) foo, createdOn, updatedOn, version);
    }

    /** The same content at another version. */
    public LegacyRow atVersion(long other) {
        return new LegacyRow(id, name, foo, createdOn, updatedOn, other);
    }

    public ThingView toView() {
        return new ThingView(Long.toString(id), name, foo, createdOn, updatedOn, version);
    }

    /** A digest of the content (not id or version), equal for a Thing and its legacy row when they agree. */
    public long contentHash() {
        long hash = 1125899906842597L;
        // names compare as Dovetail keeps them (trimmed): a legacy row's padding is not drift
        for (String part : new String[] {String.valueOf(ThingRules.normalizeName(name)), Long.toString(foo), Long.toString(micros(createdOn)),
                Long.toString(micros(updatedOn))}) {
            for (int i = 0; i < part.length(); i++) {
                hash = 31 * hash + part.charAt(i);
            }
            hash = 31 * hash + 0x1F;
        }
        return hash;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
