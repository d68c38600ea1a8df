package dovetail.domain.synctask;

/**
 * How a Meilisearch sink spreads its documents over its instances: all on one ({@code SINGLE}), all on each
 * ({@code REPLICATED}), or each Thing on exactly one, chosen by a stable hash of its id ({@code SHARDED}).
 */
public enum MeilisearchTopology { SINGLE, REPLICATED, SHARDED }
