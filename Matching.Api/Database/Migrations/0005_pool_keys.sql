-- A narrow copy of what the suggestions' first pass reads of every stored candidate: skill keys as 64-bit hashes,
-- languages and availability, without the profile. Suggestions scan this table (about a sixth of the candidates
-- table's size) and read profiles only for the candidates they rank. A trigger keeps it in step with candidates in
-- the statement that writes them, whichever writer that is; erasure's delete cascades to it.
--
-- hashtextextended is the hash PostgreSQL's hash partitioning uses, stable across versions. Two keys sharing a hash
-- (about 1 in 10^11 for a catalog's 20,000 keys) would only make the first pass keep a candidate it could have left
-- out: the rules err on the side of keeping, and the ranker reads the profile and decides.

create table candidate_keys (
    id text primary key references candidates (id) on delete cascade,
    -- hashtextextended(key, 0) of each key in candidates.skills and candidates.aspirations.
    skills bigint[] not null,
    aspirations bigint[] not null,
    languages text[],
    availability datemultirange
);

create function candidate_keys_sync() returns trigger language plpgsql as $$
begin
    insert into candidate_keys (id, skills, aspirations, languages, availability)
    values (
        new.id,
        array(select hashtextextended(key, 0) from unnest(new.skills) key),
        array(select hashtextextended(key, 0) from unnest(new.aspirations) key),
        new.languages,
        new.availability)
    on conflict (id) do update set
        skills = excluded.skills, aspirations = excluded.aspirations,
        languages = excluded.languages, availability = excluded.availability;
    return null;
end $$;

create trigger candidates_keys_insert after insert on candidates
    for each row execute function candidate_keys_sync();

-- Only when a copied column changed: a new profile with the same skills, languages and availability rewrites nothing.
create trigger candidates_keys_update after update on candidates
    for each row
    when ((old.skills, old.aspirations, old.languages, old.availability) is distinct from (new.skills, new.aspirations, new.languages, new.availability))
    execute function candidate_keys_sync();

insert into candidate_keys (id, skills, aspirations, languages, availability)
select id,
       array(select hashtextextended(key, 0) from unnest(skills) key),
       array(select hashtextextended(key, 0) from unnest(aspirations) key),
       languages, availability
from candidates;

-- Relevance is asked of these; the exclusion rules are evaluated while counting in one pass over the table.
create index candidate_keys_skills on candidate_keys using gin (skills);
create index candidate_keys_aspirations on candidate_keys using gin (aspirations);

-- The candidates table's own indexes on these columns served the first pass, which no longer reads that table.
drop index candidates_skills;
drop index candidates_aspirations;
drop index candidates_languages;
drop index candidates_availability;
