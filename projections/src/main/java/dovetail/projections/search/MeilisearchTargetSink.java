package dovetail.projections.search;

import dovetail.domain.thing.ThingChange;
import dovetail.projections.sink.CountedSink;
import dovetail.projections.sink.DocumentChange;
import dovetail.projections.sink.Sink;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One instance of a replicated or sharded Meilisearch task: its index on that instance, which first joins the
 * instances' network (so a federated search sent to any of them reaches all). For a shard it keeps only the
 * changes of Things whose {@link Shards shard} is this one; the other shards' deliveries take the rest.
 */
public final class MeilisearchTargetSink implements Sink, CountedSink {

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
    public void deliver(List<DocumentChange> batch, Duration timeout) {
        index.deliver(shard == null ? batch : batch.stream().filter(this::owns).toList(), timeout);
    }

    /** By the Thing's id (from its event), not the document id: a transform may key documents otherwise. */
    private boolean owns(DocumentChange change) {
        String thing = change.event() == null ? change.id()
                : ThingChange.of(change.event()).map(ThingChange::id).orElse(change.id());
        return keeps(thing);
    }

    @Override
    public Optional<Sink> rebuildCopy(long generation) {
        return index.rebuildCopy(generation).map(copy ->
                new MeilisearchTargetSink((MeilisearchSink) copy, instances, instance, shard, shards));
    }

    @Override
    public void swapIn(long generation) {
        index.swapIn(generation);
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
    public boolean mergesQueuedDeliveries() {
        return index.mergesQueuedDeliveries();
    }

    @Override
    public long documentCount() {
        return index.documentCount();
    }

    @Override
    public boolean keeps(String thingId) {
        return shard == null || Shards.of(thingId, shards) == shard;
    }

    @Override
    public long failedTasks() {
        return index.failedTasks();
    }

    @Override
    public void dropCopy(long generation) {
        index.dropCopy(generation);
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
