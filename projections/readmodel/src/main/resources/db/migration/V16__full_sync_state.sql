-- A task's full sync is one state (FullSync in the domain): its phase is stored as the state machine names it, also
-- once it has ended (COMPLETED or STOPPED), and its columns say "full sync" like the rest of Dovetail. live_location
-- is where a full sync that moved the task's data left it (null: where the definition says).
alter table sync_task rename column rebuild_generation to full_sync_generation;
alter table sync_task rename column rebuild_phase to full_sync_phase;
alter table sync_task rename column rebuild_started_at to full_sync_started_at;
alter table sync_task rename column rebuild_definition to full_sync_definition;
alter table sync_task rename column full_sync_stopped_reason to full_sync_reason;
alter table sync_task rename column full_sync_stopped_at to full_sync_ended_at;
alter table sync_task rename column live_index to live_location;

update sync_task
set full_sync_phase = case when full_sync_reason is not null then 'STOPPED' else 'COMPLETED' end
where full_sync_phase is null and full_sync_generation is not null;
