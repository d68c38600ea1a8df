-- Why the last full sync of a task was stopped before its copy was swapped in (said for operators), and when;
-- cleared when a full sync completes.
alter table sync_task
    add column full_sync_stopped_reason text,
    add column full_sync_stopped_at     timestamptz;
