-- The model registry: every version that may serve, its files as registered (checked by the canary first), and the
-- promotions that made one of them active. The active version is the latest promotion; instances follow it.

create table model_versions (
    -- The content hash the service computes from the files (mlnet-… or xgb-…).
    version text primary key,
    -- The card as served by GET /v1/model, its version the computed one.
    card jsonb not null,
    registered_at timestamptz not null default now(),
    -- The API key id (or the command's --registered-by) that registered it.
    registered_by text not null
);

create table model_files (
    version text not null references model_versions (version),
    name text not null check (name in ('card.json', 'model.zip', 'model.json', 'model.onnx')),
    content bytea not null,
    primary key (version, name)
);

-- Append-only: a rollback is a new promotion of an older version.
create table model_promotions (
    id bigint generated always as identity primary key,
    version text not null references model_versions (version),
    promoted_by text not null,
    promoted_at timestamptz not null default now()
);

create function model_promotions_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'model_promotions is append-only: promote again instead';
end
$$;

create trigger model_promotions_append_only before update on model_promotions
    for each row execute function model_promotions_append_only();
