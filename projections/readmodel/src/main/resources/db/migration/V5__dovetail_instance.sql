-- Live Dovetail instances sharing this database; streaming processors divide segments by their number.
create table dovetail_instance (
    id        varchar(200) not null primary key,
    last_seen timestamptz  not null
);
