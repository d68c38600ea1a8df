package dovetail.projections.search;

import com.meilisearch.sdk.Client;
import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TaskInfo;
import com.meilisearch.sdk.model.TaskStatus;
import com.meilisearch.sdk.model.TasksQuery;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Meilisearch's asynchronous tasks on one server: wait for one with an explicit timeout, count an index's tasks not
 * finished yet or failed, and say why one failed. A task that finished as {@code failed} or {@code canceled} is an
 * error here (meilisearch-java's own {@code waitForTask} returns normally for those).
 */
public final class MeilisearchTasks {

    private static final Duration IDLE_POLL = Duration.ofMillis(20);
    private static final Duration QUICK_TASK = Duration.ofMillis(500);

    private final Client client;
    private final MeilisearchProperties properties;

    MeilisearchTasks(Client client, MeilisearchProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** How many tasks of this index Meilisearch has not finished yet, counting at most {@code limit}. */
    public int pendingTasks(String indexUid, int limit) {
        Task[] pending = call("read tasks of " + indexUid, () -> client.getTasks(new TasksQuery()
                .setIndexUids(new String[] {indexUid}).setStatuses(new String[] {"enqueued", "processing"})
                .setLimit(limit))).getResults();
        return pending == null ? 0 : pending.length;
    }

    /** How many tasks of this index Meilisearch failed, counting at most 1,000. */
    public long failedTasks(String indexUid) {
        Task[] failed = call("read tasks of " + indexUid, () -> client.getTasks(new TasksQuery()
                .setIndexUids(new String[] {indexUid}).setStatuses(new String[] {"failed"}).setLimit(1000)))
                .getResults();
        return failed == null ? 0 : failed.length;
    }

    /** Waits until the index has no task enqueued or processing; throws when that takes longer than {@code timeout}. */
    public void awaitIdle(String indexUid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pendingTasks(indexUid, 1) > 0) {
            if (System.nanoTime() - deadline >= 0) {
                throw new MeilisearchFailure("Meilisearch at " + url() + " still indexes " + indexUid + " after "
                        + timeout, null, null);
            }
            LockSupport.parkNanos(IDLE_POLL.toNanos());
            if (Thread.currentThread().isInterrupted()) {
                throw new MeilisearchFailure("Interrupted while waiting for " + indexUid + " to be indexed", null, null);
            }
        }
    }

    /**
     * Waits until the task has finished (succeeded, failed or canceled) and returns it; throws when it has not
     * finished within {@code timeout}.
     */
    public Task awaitTask(int taskUid, Duration timeout) {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long pauseMillis = 1;
        while (true) {
            Task task = call("read task " + taskUid, () -> client.getTask(taskUid));
            if (isFinished(task.getStatus())) {
                return task;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new MeilisearchFailure("Meilisearch at " + url() + " did not finish task " + taskUid + " ("
                        + task.getType() + " on " + task.getIndexUid() + ") within " + timeout + "; it is "
                        + task.getStatus(), null, null);
            }
            LockSupport.parkNanos(Math.min(Duration.ofMillis(pauseMillis).toNanos(), deadline - System.nanoTime()));
            if (Thread.currentThread().isInterrupted()) {
                throw new MeilisearchFailure("Interrupted while waiting for Meilisearch task " + taskUid, null, null);
            }
            // a delivery waits for its task: polled closely at first, for a small task is done in tens of
            // milliseconds and what was written meanwhile waits behind it, then less often (polling a long batch
            // every 25 ms showed no gain in full syncs, and Meilisearch spent more CPU meanwhile)
            pauseMillis = Math.min(pauseMillis * 2, System.nanoTime() - started < QUICK_TASK.toNanos() ? 10 : 100);
        }
    }

    /** Waits for the task within {@code task-timeout}; anything but success is a {@link MeilisearchFailure}. */
    void awaitSucceeded(TaskInfo info) {
        Task task = awaitTask(info.getTaskUid(), properties.taskTimeout());
        if (task.getStatus() != TaskStatus.SUCCEEDED) {
            throw taskFailed(task);
        }
    }

    static boolean isFinished(TaskStatus status) {
        return status == TaskStatus.SUCCEEDED || status == TaskStatus.FAILED || status == TaskStatus.CANCELED;
    }

    MeilisearchFailure taskFailed(Task task) {
        return new MeilisearchFailure("Meilisearch at " + url() + " " + task.getStatus() + " task " + task.getUid()
                + " (" + task.getType() + " on " + task.getIndexUid() + ")" + describe(task), errorCode(task), null);
    }

    static String describe(Task task) {
        return task.getError() == null ? "" : ": " + task.getError().getCode() + ": " + task.getError().getMessage();
    }

    static String errorCode(Task task) {
        return task.getError() == null ? null : task.getError().getCode();
    }

    private <T> T call(String action, Supplier<T> call) {
        return MeilisearchFailure.calling(url(), action, call);
    }

    private String url() {
        return properties.url();
    }
}
