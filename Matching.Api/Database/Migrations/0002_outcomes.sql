-- What organisations decided about suggested candidates. Each decision keeps the mission and the candidate as
-- they were known when it was taken, so training on it later sees what the decision-maker saw.

create table outcomes (
    client_decision_id text primary key,
    mission_id text not null,
    candidate_id text not null,
    outcome text not null check (outcome in ('proposed', 'shortlisted', 'staffed', 'declined', 'rejected')),
    decided_at timestamptz not null,
    rating smallint check (rating between 1 and 5),
    mission jsonb not null,
    candidate jsonb not null,
    recorded_at timestamptz not null default now()
);

create index outcomes_mission on outcomes (mission_id);
create index outcomes_candidate on outcomes (candidate_id);
create index outcomes_decided_at on outcomes (decided_at);
