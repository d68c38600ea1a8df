package dovetail.projections.search;

import com.meilisearch.sdk.Index;
import com.meilisearch.sdk.model.Task;
import com.meilisearch.sdk.model.TaskInfo;
import com.meilisearch.sdk.model.TaskStatus;
import dovetail.domain.synctask.FieldTransform;
import dovetail.domain.synctask.MeilisearchSinkSpec;
import dovetail.projections.search.SearchChanges.Collapsed;
import dovetail.projections.search.SearchChanges.SearchChange;
import dovetail.projections.sink.CopiesForFullSync;
import dovetail.projections.sink.EncodesAhead;
import dovetail.projections.sink.FailureText;
import dovetail.projections.sink.MergesDeliveries;
import dovetail.projections.sink.SinkChange;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Delivers a task's changes to one Meilisearch index, as documents {@link SearchChanges} builds (written as JSON
 * ahead of delivery, on the task's converting thread). A batch is collapsed to the last change per document and sent as
 * at most two calls (one add-or-replace of whole documents, one delete by ids); it counts as accepted only once
 * Meilisearch has applied those tasks: a task can fail after Meilisearch enqueued it, and a delivery that returned
 * then would let the task's position move past documents that never reached the index. A failed addition is
 * narrowed down to the documents Meilisearch refuses ({@link DeliveryConfirmation}).
 *
 * <p>Deliveries run one at a time on the sink's own thread, so {@code deliver}'s timeout holds even for a call
 * that hangs, and a call abandoned after its timeout still finishes (bounded by the request timeout) before the
 * retried batch is sent: an older batch can never land after a newer one.
 */
public class MeilisearchSink implements EncodesAhead<SearchChange>, MergesDeliveries, CopiesForFullSync,
        CopiesForFullSync.Copy {

    private final MeilisearchIndexes indexes;
    private final String indexUid;
    private final String copyBase;
    private final SearchChanges changes;
    private final List<String> searchable;
    private final List<String> filterable;
    private final List<String> sortable;
    private final ExecutorService calls;
    private final DeliveryConfirmation confirmation;
    private volatile Integer lastTaskUid;

    public MeilisearchSink(MeilisearchIndexes indexes, String indexUid, String primaryKey, List<String> searchable,
                           List<String> filterable, List<String> sortable) {
        this(indexes, indexUid, indexUid, new SearchChanges(primaryKey, List.of()), searchable, filterable, sortable);
    }

    /**
     * @param copyBase what the indexes of full syncs are named after ({@code <copyBase>__rebuild_<generation>}):
     *                 the task's index name, also when the live index is the copy of an earlier full sync that
     *                 moved the documents to other instances
     */
    private MeilisearchSink(MeilisearchIndexes indexes, String indexUid, String copyBase, SearchChanges changes,
                            List<String> searchable, List<String> filterable, List<String> sortable) {
        this.indexes = indexes;
        this.indexUid = indexUid;
        this.copyBase = copyBase;
        this.changes = changes;
        this.searchable = List.copyOf(searchable);
        this.filterable = List.copyOf(filterable);
        this.sortable = List.copyOf(sortable);
        this.confirmation = new DeliveryConfirmation(indexes, indexUid, changes.primaryKey());
        this.calls = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "meilisearch-sink-" + indexUid);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * A sink for a task's spec and transform, delivering into the index named {@code liveIndex}: the index name gets
     * the deployment's prefix, null parts get the Thing defaults.
     */
    public static MeilisearchSink of(MeilisearchIndexes indexes, MeilisearchSinkSpec spec,
                                     List<FieldTransform> transform, String liveIndex) {
        return new MeilisearchSink(indexes, indexes.fullIndexUid(liveIndex), indexes.fullIndexUid(spec.index()),
                new SearchChanges(spec.primaryKey() == null ? ThingDocument.PRIMARY_KEY : spec.primaryKey(), transform),
                spec.searchableAttributes() == null ? ThingDocument.SEARCHABLE_ATTRIBUTES : spec.searchableAttributes(),
                spec.filterableAttributes() == null ? ThingDocument.FILTERABLE_ATTRIBUTES : spec.filterableAttributes(),
                spec.sortableAttributes() == null ? ThingDocument.SORTABLE_ATTRIBUTES : spec.sortableAttributes());
    }

    public String indexUid() {
        return indexUid;
    }

    @Override
    public void prepare() {
        indexes.ensure(indexUid, changes.primaryKey(), searchable, filterable, sortable);
    }

    @Override
    public void deliver(List<SinkChange> batch, Duration timeout) {
        deliverEncoded(batch.stream().map(this::encode).toList(), timeout);
    }

    /** The change as Meilisearch takes it, its document written as JSON here: a delivery holds compact bytes. */
    @Override
    public SearchChange encode(SinkChange change) {
        return changes.encode(change);
    }

    @Override
    public void deliverEncoded(List<SearchChange> batch, Duration timeout) {
        Collapsed collapsed = SearchChanges.collapse(batch);
        if (collapsed.isEmpty()) {
            return;
        }
        Future<Enqueued> delivery = calls.submit(() -> send(collapsed));
        Enqueued enqueued;
        try {
            enqueued = delivery.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            delivery.cancel(true);
            throw new MeilisearchFailure("Meilisearch at " + indexes.url() + " did not accept a batch of "
                    + collapsed.size() + " change(s) for index " + indexUid + " within " + timeout, null, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new MeilisearchFailure("Delivery to Meilisearch index " + indexUid + " failed: " + FailureText.reason(e.getCause()),
                    null, e.getCause());
        } catch (InterruptedException e) {
            delivery.cancel(true);
            Thread.currentThread().interrupt();
            throw new MeilisearchFailure("Interrupted while delivering to Meilisearch index " + indexUid, null, e);
        }
        // awaited on the caller's thread, with the task timeout: indexing a large catch-up delivery takes longer
        // than enqueuing it, and the next delivery may be sent meanwhile by another segment
        confirmation.confirm(collapsed.upsertThings(), collapsed.upserts(), enqueued.addition(), enqueued.deletion(),
                indexes.properties().taskTimeout());
    }

    /** The tasks one delivery enqueued, null where none. */
    private record Enqueued(Integer addition, Integer deletion) {
    }

    private Enqueued send(Collapsed batch) {
        Integer addition = null;
        Integer deletion = null;
        if (!batch.upserts().isEmpty()) {
            addition = enqueued(indexes.http().addDocuments(indexUid, changes.primaryKey(), batch.upserts()));
        }
        if (!batch.deletes().isEmpty()) {
            Index index = indexes.client().index(indexUid);
            TaskInfo task = indexes.call("delete " + batch.deletes().size() + " document(s) from " + indexUid,
                    () -> index.deleteDocuments(batch.deletes()));
            if (task == null || task.getStatus() == null) {
                throw new MeilisearchFailure("Meilisearch at " + indexes.url() + " answered without a task for index "
                        + indexUid, null, null);
            }
            deletion = enqueued(task.getTaskUid());
        }
        return new Enqueued(addition, deletion);
    }

    private int enqueued(int taskUid) {
        lastTaskUid = taskUid;
        return taskUid;
    }

    /**
     * Waits until Meilisearch has processed every change this sink enqueued (tasks of one index run in order).
     * Throws when that takes longer than {@code timeout}, or when the last task failed. For tests and benchmarks.
     */
    public void awaitIndexed(Duration timeout) {
        Integer last = lastTaskUid;
        if (last == null) {
            return;
        }
        Task task = indexes.tasks().awaitTask(last, timeout);
        if (task.getStatus() != TaskStatus.SUCCEEDED) {
            throw indexes.tasks().taskFailed(task);
        }
    }

    @Override
    public MeilisearchSink copy(long generation) {
        return new MeilisearchSink(indexes, copyUid(generation), copyBase, changes, searchable, filterable, sortable);
    }

    /**
     * At most a couple of batches still to index: a copy that receives writes all the time never has none, and
     * what is left is indexed before the swap, which Meilisearch queues behind it.
     */
    @Override
    public boolean settled() {
        return indexes.tasks().pendingTasks(indexUid, 3) <= 2;
    }

    /** Until the index has no task enqueued or processing, within the task timeout. */
    @Override
    public void awaitInEffect() {
        indexes.tasks().awaitIdle(indexUid, indexes.properties().taskTimeout());
    }

    /**
     * The documents Meilisearch has indexed, once it has processed every task of the index; not counted (negative)
     * when the transform keys documents otherwise than by Thing.
     */
    @Override
    public long thingCount() {
        if (changes.rekeys()) {
            return -1;
        }
        awaitInEffect();
        return indexes.documentCount(indexUid);
    }

    @Override
    public boolean keeps(String thingId) {
        return true;
    }

    @Override
    public long failedWrites() {
        return indexes.tasks().failedTasks(indexUid);
    }

    /** Swaps the copy in; the old documents, now under the copy's name, are left for {@link #dropCopy}. */
    @Override
    public void swapIn(long generation) {
        String copy = copyUid(generation);
        prepare();
        if (indexes.exists(copy)) {
            indexes.swap(indexUid, copy);
        }
        // no copy: swapped and dropped already
    }

    /** Deletes the copy's index (enqueued, not awaited); nothing when there is none. */
    @Override
    public void dropCopy(long generation) {
        indexes.deleteLater(copyUid(generation));
    }

    /** The index a full sync builds beside the live one; after the swap it holds the old documents until dropped. */
    String copyUid(long generation) {
        return copyName(copyBase, generation);
    }

    /**
     * The index full sync {@code generation} builds for an index named {@code base}. Its "rebuild" is the full sync's
     * former name, kept because the name is how a full sync finds its copy again after a restart, and renaming it
     * would orphan the copy of a full sync running during an upgrade.
     */
    public static String copyName(String base, long generation) {
        return base + "__rebuild_" + generation;
    }

    @Override
    public String describe() {
        return "meilisearch index " + indexUid;
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
