-- The full sync a task runs, if any: which one (numbered per task), since when, and whether its fresh copy is
-- still catching up (BUILDING) or being swapped in (HANDOVER).
alter table sync_task
    add column rebuild_generation bigint,
    add column rebuild_phase      varchar(16),
    add column rebuild_started_at timestamptz;
