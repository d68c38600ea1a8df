-- Each import of an exported event store (see README, Backup and restore): what it held, and when the projections
-- written in the command's transaction (the read model, the task table, the migration's mode) were rebuilt from it.
-- The first start after an import rebuilds them; the rows stay as the store's record of where it came from.
create table event_store_restore (
    imported_at timestamptz not null primary key,
    exported_at text        not null,
    head        bigint      not null,
    events      bigint      not null,
    snapshots   bigint      not null,
    rebuilt_at  timestamptz
);
