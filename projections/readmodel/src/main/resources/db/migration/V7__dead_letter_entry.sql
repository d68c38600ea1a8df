-- Axon's sequenced dead-letter queue (JPA), one queue per sync task (processing_group = the task's processor):
-- events a sink refused for good, and the later events of the same Thing that wait behind them.
create table dead_letter_entry (
    dead_letter_id       varchar(255)  not null primary key,
    processing_group     varchar(255)  not null,
    sequence_identifier  varchar(255)  not null,
    sequence_index       bigint        not null,
    message_type         varchar(255)  not null,
    event_identifier     varchar(255)  not null,
    time_stamp           varchar(255)  not null,
    payload_type         varchar(255)  not null,
    payload_revision     varchar(255),
    payload              bytea         not null,
    meta_data            bytea,
    type                 varchar(255),
    aggregate_identifier varchar(255),
    sequence_number      bigint,
    token_type           varchar(255),
    token                bytea,
    enqueued_at          timestamp(6) with time zone not null,
    last_touched         timestamp(6) with time zone,
    processing_started   timestamp(6) with time zone,
    cause_type           varchar(255),
    cause_message        varchar(1023),
    diagnostics          bytea,
    constraint dead_letter_entry_sequence unique (processing_group, sequence_identifier, sequence_index)
);

create index dead_letter_entry_group on dead_letter_entry (processing_group);
create index dead_letter_entry_group_sequence on dead_letter_entry (processing_group, sequence_identifier);
