package dovetail.projections.sink;

/**
 * A sink that processes deliveries reaching it while it is still working on an earlier one together, so that what
 * costs is the number of rounds of work, not of deliveries (Meilisearch indexes every addition queued for an index in
 * one batch, and each batch pays a fixed cost over the whole index). A task reading a long history then makes its
 * first delivery as large as one delivery may be, instead of starting the sink on a small one while the rest piles
 * up behind it.
 */
public interface MergesDeliveries extends Sink {
}
