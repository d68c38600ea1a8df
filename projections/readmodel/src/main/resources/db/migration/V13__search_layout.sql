-- A full sync that moves a Meilisearch task to another topology or set of instances carries the definition it
-- builds (taken over when it completes). Such a full sync is not swapped in per instance, which could show some
-- Things on no instance for a moment; the task's live index becomes the full sync's copy instead, named here
-- (null: the index its definition names).
alter table sync_task
    add column rebuild_definition text,
    add column live_index         varchar(255);
