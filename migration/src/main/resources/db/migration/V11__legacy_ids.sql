-- The ids polling has seen in the legacy table: an id that has left the table was deleted there, which polling by
-- updated_on cannot see otherwise.
create table migration_legacy_ids (
    id bigint not null primary key
);
