-- The talent pool and the missions to staff. Each row keeps the API's JSON (the contract's shape) and, beside
-- it, the columns a later SQL prefilter narrows the pool with. A candidate's profile is text, exactly as the
-- contract writes it: suggestions read tens of thousands of them per request, and text is sent as it is stored
-- (jsonb would be rewritten into text for every row: 1.7 s per 100,000 profiles on the development machine).

create table candidates (
    id text primary key,
    profile text not null,
    -- Skills held, declared or used in an experience: the catalog's concept keys, and "name:<lower-case name>"
    -- for names the catalog does not know.
    skills text[] not null,
    -- Skills the candidate aspires to, keyed the same way.
    aspirations text[] not null,
    -- ISO 639-1 codes; null when the candidate's languages are unknown.
    languages text[],
    -- Days with free time (windows whose capacity is above 0); null when availability is unknown
    -- (treated as available), empty when the candidate has none.
    availability datemultirange,
    -- The skills catalog version the skills column was read with.
    catalog_version text not null,
    updated_at timestamptz not null default now()
);

create index candidates_skills on candidates using gin (skills);
create index candidates_aspirations on candidates using gin (aspirations);
create index candidates_languages on candidates using gin (languages);
create index candidates_availability on candidates using gist (availability);

create table missions (
    id text primary key,
    mission jsonb not null,
    starts_on date not null,
    ends_on date not null,
    updated_at timestamptz not null default now()
);
