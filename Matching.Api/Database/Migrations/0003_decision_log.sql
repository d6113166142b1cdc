-- The decision log (EU AI Act art. 12): every ranking the service answered, append-only (erasure is the one update).
-- One row per ranking, its candidates in arrays: at 800 rankings a second of some 50 candidates each (returned and
-- excluded), a row per candidate made PostgreSQL's share of recording about 8% of the CPU matching needs; arrays with a
-- GIN index keep erasure an indexed update at a fraction of that.

create table decisions (
    -- The X-Request-Id answered (the client's own when it sent a well-formed one, so not unique).
    request_id text not null,
    answered_at timestamptz not null,
    -- The API key's configured id (never the key).
    key_id text,
    model_version text not null,
    mission_id text,
    source text not null check (source in ('inline', 'pool')),
    received integer not null,
    ranked integer not null,
    excluded integer not null,
    omitted integer not null,
    -- The candidates returned, by rank, then those excluded.
    candidate_ids text[] not null,
    -- One per returned candidate, in the same order.
    ranks integer[] not null,
    scores double precision[] not null,
    -- One per excluded candidate, in the same order: its reason codes separated by spaces.
    exclusion_codes text[] not null,
    check (cardinality(ranks) = cardinality(scores) and cardinality(candidate_ids) = cardinality(ranks) + cardinality(exclusion_codes))
);

create index decisions_request_id on decisions (request_id);
-- Rows arrive in time order: a BRIN index finds the purge's old rows for almost nothing at insert.
create index decisions_answered_at on decisions using brin (answered_at);
create index decisions_candidate_ids on decisions using gin (candidate_ids);
