-- The database assigns each event's global index as it is inserted (Hibernate reads it back from the insert).
alter table domain_event_entry alter column global_index set default nextval('domain_event_entry_seq');
alter sequence domain_event_entry_seq owned by domain_event_entry.global_index;
