-- The migration's state as every instance reads it, written in the transaction of the migration's events, and the
-- positions of backfill and capture, written only after the commands they cover are stored.
create table migration_state (
    id         varchar(100) not null primary key,
    mode       varchar(20)  not null,
    mode_since timestamptz  not null
);

create table migration_backfill (
    id          varchar(100) not null primary key,
    status      varchar(20)  not null,
    position    bigint,
    imported    bigint       not null default 0,
    total       bigint       not null default 0,
    started_at  timestamptz,
    finished_at timestamptz
);

create table migration_capture (
    source     varchar(40) not null primary key,
    position   text        not null,
    updated_at timestamptz not null
);

create table migration_verification (
    id     varchar(100) not null primary key,
    at     timestamptz  not null,
    report text         not null
);
