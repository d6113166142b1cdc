-- The decision log (EU AI Act art. 12): every ranking the service answered, append-only. One row per ranking and
-- one per candidate it returned or excluded, so erasing a person is an indexed update of decision_candidates.
-- No foreign key: the one writer inserts both tables in one transaction (binary COPY), and purge deletes both in
-- one statement; a key checked on each of some 10,000 child rows a second would cost the matching it records.

create table decisions (
    -- A UUIDv7 made by the writer: time-ordered, known before the rows are copied.
    id uuid primary key,
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
    omitted integer not null
);

create index decisions_request_id on decisions (request_id);
create index decisions_answered_at on decisions (answered_at);

create table decision_candidates (
    decision_id uuid not null,
    candidate_id text not null,
    -- Returned: rank and score. Excluded: the reason codes.
    rank integer,
    score double precision,
    codes text[],
    check ((rank is null) = (codes is not null))
);

create index decision_candidates_decision on decision_candidates (decision_id);
create index decision_candidates_candidate on decision_candidates (candidate_id);
