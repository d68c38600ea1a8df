package dovetail.domain.synctask;

/**
 * One delivery target of a task: a Meilisearch instance holding a shard or a replica (or the task's only sink),
 * delivered to by its own processor ({@code processor} names its position and its dead-letter queue), with its own
 * position, lag, status and last error. {@code shard} is the shard's number for a sharded task, else null.
 */
public record SyncTaskTargetView(String name, String instance, Integer shard, String processor, SyncTaskStatus status,
                                 long position, long lagEvents, String lastError, long deadLetters) {
}
