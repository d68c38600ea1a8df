-- The keys each Kafka state topic holds, for tasks whose filter can drop a Thing: such a task writes a tombstone
-- only for a key it published before, instead of one for every event of every Thing that never matched.
create table kafka_state_topic (
    topic text primary key,
    -- true when Dovetail created the topic and so has seen every key written to it; a topic found existing may
    -- hold keys from before, and gets every tombstone as it always did
    exact boolean not null
);

create table kafka_state_key (
    topic text not null,
    thing_id text not null,
    primary key (topic, thing_id)
);
