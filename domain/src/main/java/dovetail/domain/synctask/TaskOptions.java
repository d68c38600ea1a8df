package dovetail.domain.synctask;

/**
 * How a task runs: events per batch, the time the sink has to accept one batch before the batch counts as failed
 * and is retried, the event stream's segments (fixed once created) and the worker threads on each instance.
 */
public record TaskOptions(Integer batchSize, Long batchTimeoutMillis, Integer segments, Integer threads) {
}
