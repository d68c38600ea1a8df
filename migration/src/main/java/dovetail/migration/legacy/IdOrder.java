package dovetail.migration.legacy;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/** Walks a table in id order a page at a time, for the comparisons that merge two sides by id. */
public final class IdOrder {

    private IdOrder() {
    }

    /**
     * Every item, page after page: {@code page} answers up to {@code size} items with ids above the given one
     * (null: from the start), in id order.
     */
    public static <T> Iterator<T> pages(int size, Function<Long, List<T>> page, ToLongFunction<T> id) {
        return new Iterator<>() {
            private List<T> current = page.apply(null);
            private int index;

            @Override
            public boolean hasNext() {
                if (index < current.size()) {
                    return true;
                }
                if (current.size() < size) {
                    return false;
                }
                current = page.apply(id.applyAsLong(current.get(current.size() - 1)));
                index = 0;
                return !current.isEmpty();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.get(index++);
            }
        };
    }

    /** The next item, or null at the end. */
    public static <T> T next(Iterator<T> items) {
        return items.hasNext() ? items.next() : null;
    }
}
