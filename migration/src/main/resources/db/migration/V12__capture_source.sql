-- The source that follows the legacy table, as the capturing instance chose it: logical replication may be refused
-- and capture fall back to polling, so every instance reads the choice here, to report it and to drain that source.
create table migration_capture_source (
    id        varchar(40) not null primary key,
    source    varchar(40) not null,
    fallback  text,
    chosen_at timestamptz not null
);
