package dovetail.domain.store;

/**
 * Where a run of bytes first occurs in stored JSON: the readers that look for one key of an event's payload or
 * metadata scan its bytes rather than read them into objects, which would cost as much per event as their whole
 * work.
 */
public final class ByteSearch {

    private ByteSearch() {
    }

    /** The index at which {@code part} first occurs in {@code bytes}, or -1. */
    public static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i <= bytes.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
