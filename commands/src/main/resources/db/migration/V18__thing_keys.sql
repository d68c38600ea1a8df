-- Each Thing's data key, wrapped by the key-encryption key named by kek_id (a fingerprint, never the key). Erasing
-- the Thing sets wrapped_key to null and erased_on: the row stays as the record that no key may be made for it again.
create table thing_keys (
    thing_id    text primary key,
    wrapped_key bytea,
    kek_id      text,
    created_on  timestamptz not null default now(),
    erased_on   timestamptz,
    check ((wrapped_key is null) = (erased_on is not null))
);
