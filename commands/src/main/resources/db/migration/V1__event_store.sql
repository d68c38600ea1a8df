-- Axon's JPA event store, token store and sequenced dead-letter queue, with bytea (not large-object) columns.
create sequence domain_event_entry_seq start with 1 increment by 1;

create table domain_event_entry (
    global_index         bigint       not null primary key,
    event_identifier     varchar(255) not null unique,
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255),
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    constraint domain_event_entry_aggregate_sequence unique (aggregate_identifier, sequence_number)
);

create table snapshot_event_entry (
    aggregate_identifier varchar(255) not null,
    sequence_number      bigint       not null,
    type                 varchar(255) not null,
    event_identifier     varchar(255) not null unique,
    time_stamp           varchar(255) not null,
    payload_type         varchar(255) not null,
    payload_revision     varchar(255),
    payload              bytea        not null,
    meta_data            bytea,
    primary key (aggregate_identifier, sequence_number, type)
);

create table token_entry (
    processor_name varchar(255) not null,
    segment        integer      not null,
    token          bytea,
    token_type     varchar(255),
    timestamp      varchar(255) not null,
    owner          varchar(255),
    primary key (processor_name, segment)
);

-- ids of new Things; migration moves it past the legacy store's maximum before cutover
create sequence thing_id_seq start with 1 increment by 1;
