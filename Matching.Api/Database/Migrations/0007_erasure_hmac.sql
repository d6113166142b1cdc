-- erasures now holds HMAC-SHA256(key, id) instead of the id's plain SHA-256, which anyone could find again by hashing
-- every likely id (emp-00000 to emp-99999 in under a second). The key is the deployment's Matching:Database:ErasureKey
-- when set; else the first instance that needs one generates it and stores it here, the one row all instances read.
-- That only hides who asked from someone who reads erasures alone (a dump of that table): whoever reads this table
-- too holds the key. A key from the deployment's secret store is the stronger option (docs/database.md, Erasure).

create table erasure_key (
    id boolean primary key default true check (id),
    key bytea not null check (octet_length(key) >= 32)
);

-- The plain hashes cannot be converted (the ids are not kept): they go. They were kept seven days, for rankings other
-- instances still held queued when an erasure ran; a ranking queued across this migration is no longer matched.
delete from erasures;

-- Outcomes erased before this migration kept the integrator's client_decision_id, which may embed the person: they get
-- a pseudonym, as erasure now gives every outcome it pseudonymises.
update outcomes set client_decision_id = 'erased-' || gen_random_uuid() where candidate_id like 'erased-%';
