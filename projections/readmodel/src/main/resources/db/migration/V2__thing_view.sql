-- The read model: one row per live Thing, written in the same transaction as the event that changed it.
create table thing_view (
    id         bigint           not null primary key,
    name       varchar(200)     not null,
    foo        double precision not null,
    created_on timestamptz      not null,
    updated_on timestamptz      not null,
    version    bigint           not null
);
