-- Every instance follows the sync tasks through this table (written in the same transaction as the task's events)
-- and starts, pauses, reconfigures or stops its own processor for each task to match.
create table sync_task (
    id         varchar(64) not null primary key,
    definition text        not null,
    paused     boolean     not null,
    deleted    boolean     not null,
    revision   bigint      not null,
    created_at timestamptz not null,
    updated_at timestamptz not null
);
