package dovetail.projections.synctask;

import java.util.Iterator;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bounded queue between two stages of a history read, each on its own thread: the stage before puts, waiting for
 * room while the stage after is behind; the stage after polls, waiting for what the one before passes on. Each such
 * wait is a {@link HandoffWaitEvent}, so a recording shows which stage holds the others up.
 */
final class Handoff<T> implements Iterable<T> {

    /** How long one wait lasts before the waiting stage looks whether it should go on. */
    private static final long WAIT_MILLIS = 200;

    private final BlockingQueue<T> queue;
    private final String processor;
    private final String before;
    private final String after;
    private final String items;

    /**
     * @param before the stage that puts, as named in the wait events (e.g. "fetcher")
     * @param after  the stage that polls
     * @param items  what passes, as the stage after waits for it (e.g. "events")
     */
    Handoff(int capacity, String processor, String before, String after, String items) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.processor = processor;
        this.before = before;
        this.after = after;
        this.items = items;
    }

    /** Puts the item, waiting for room while {@code going}; dropped when it stops first. */
    void put(T item, AtomicBoolean going) throws InterruptedException {
        HandoffWaitEvent waiting = HandoffWaitEvent.starting(processor, before, "room");
        while (going.get() && !queue.offer(item, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            // the next stage is behind: wait for room
        }
        waiting.finish();
    }

    /** The next item, waiting a moment for one; null when none came. */
    T poll() throws InterruptedException {
        HandoffWaitEvent waiting = HandoffWaitEvent.starting(processor, after, items);
        T item = queue.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        waiting.finish();
        return item;
    }

    /** Adds the item at once if there is room (a failure, or a marker that wakes the stage waiting for items). */
    boolean offer(T item) {
        return queue.offer(item);
    }

    /** The next item without waiting, or null. */
    T pollNow() {
        return queue.poll();
    }

    T peek() {
        return queue.peek();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    boolean isFull() {
        return queue.remainingCapacity() == 0;
    }

    void clear() {
        queue.clear();
    }

    @Override
    public Iterator<T> iterator() {
        return queue.iterator();
    }
}
