package dovetail.projections.search;

import java.nio.charset.StandardCharsets;

/**
 * Which shard a Thing lives on: the 32-bit FNV-1a hash of its id's UTF-8 bytes (the decimal digits), taken modulo
 * the number of shards (unsigned). Stable across processes, versions and languages, and the same for every event
 * of a Thing, so a Thing is only ever on one shard, its deletion included. Changing the number of shards moves
 * most Things, which is why it is done by a full sync into fresh indexes.
 */
public final class Shards {

    private static final int FNV_OFFSET_BASIS = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private Shards() {
    }

    /** The shard (0 .. {@code count - 1}) of the Thing with this id. */
    public static int of(String thingId, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be 1 or more: " + count);
        }
        int hash = FNV_OFFSET_BASIS;
        for (byte b : thingId.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= FNV_PRIME;
        }
        return (int) Long.remainderUnsigned(Integer.toUnsignedLong(hash), count);
    }
}
