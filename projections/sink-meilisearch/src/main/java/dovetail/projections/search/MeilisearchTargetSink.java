package dovetail.projections.search;

import dovetail.projections.search.SearchChanges.SearchChange;
import dovetail.projections.sink.CopiesForFullSync;
import dovetail.projections.sink.EncodesAhead;
import dovetail.projections.sink.MergesDeliveries;
import dovetail.projections.sink.SinkChange;
import java.time.Duration;
import java.util.List;

/**
 * One instance of a replicated or sharded Meilisearch task: its index on that instance, which first joins the
 * instances' network (so a federated search sent to any of them reaches all). For a shard it keeps only the
 * changes of Things whose {@link Shards shard} is this one; the other shards' deliveries take the rest.
 */
public final class MeilisearchTargetSink implements EncodesAhead<SearchChange>, MergesDeliveries, CopiesForFullSync,
        CopiesForFullSync.Copy {

    private final MeilisearchSink index;
    private final MeilisearchInstances instances;
    private final String instance;
    private final Integer shard;
    private final int shards;

    /** @param shard this target's shard, or null for a replica (which takes every change) */
    public MeilisearchTargetSink(MeilisearchSink index, MeilisearchInstances instances, String instance, Integer shard,
                                 int shards) {
        this.index = index;
        this.instances = instances;
        this.instance = instance;
        this.shard = shard;
        this.shards = shards;
    }

    public MeilisearchSink index() {
        return index;
    }

    @Override
    public void prepare() {
        instances.joinNetwork(instance);
        index.prepare();
    }

    @Override
    public void deliver(List<SinkChange> batch, Duration timeout) {
        index.deliver(shard == null ? batch : batch.stream().filter(change -> keeps(change.thingId())).toList(),
                timeout);
    }

    @Override
    public SearchChange encode(SinkChange change) {
        return index.encode(change);
    }

    @Override
    public void deliverEncoded(List<SearchChange> batch, Duration timeout) {
        index.deliverEncoded(shard == null ? batch
                : batch.stream().filter(change -> keeps(change.thingId())).toList(), timeout);
    }

    @Override
    public MeilisearchTargetSink copy(long generation) {
        return new MeilisearchTargetSink(index.copy(generation), instances, instance, shard, shards);
    }

    @Override
    public void swapIn(long generation) {
        index.swapIn(generation);
    }

    @Override
    public void dropCopy(long generation) {
        index.dropCopy(generation);
    }

    @Override
    public boolean settled() {
        return index.settled();
    }

    @Override
    public void awaitInEffect() {
        index.awaitInEffect();
    }

    @Override
    public long thingCount() {
        return index.thingCount();
    }

    @Override
    public boolean keeps(String thingId) {
        return shard == null || Shards.of(thingId, shards) == shard;
    }

    @Override
    public long failedWrites() {
        return index.failedWrites();
    }

    @Override
    public String describe() {
        return index.describe() + " on instance " + instance
               + (shard == null ? " (replica)" : " (shard " + shard + " of " + shards + ")");
    }

    @Override
    public void close() {
        index.close();
    }
}
