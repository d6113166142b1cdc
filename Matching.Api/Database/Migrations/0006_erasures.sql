-- What makes an erasure reach rankings that other instances still had queued when it ran. Each instance writes its
-- decision-log rankings in batches a moment after answering them; a batch answered before an erasure and written
-- after it would otherwise bring the erased id back. A writer checks this table in the transaction that writes the
-- batch (under a shared advisory lock that the erasure takes exclusively, so one always sees the other) and writes a
-- new pseudonym instead.
--
-- Neither the id nor the erasure's pseudonym is kept: only the id's SHA-256, which says nothing to whoever does not
-- already hold the id, and which links to no pseudonym. purge-decisions removes rows older than seven days (a queued
-- ranking is written within seconds, or within as long as the database is unreachable).

create table erasures (
    id_hash bytea primary key,
    erased_at timestamptz not null
);

create index erasures_erased_at on erasures (erased_at);
