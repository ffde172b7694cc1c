-- Budget reservations: before an upstream call the gateway holds an estimate of the request's tokens and
-- cost against the project's limits; the request log writer deletes the hold in the same transaction that
-- records the actual usage. A hold left by a killed process stops counting at expires_at.
CREATE TABLE budget_holds (
    id              uuid PRIMARY KEY,                -- the request id
    project_id      uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    tokens          bigint NOT NULL CHECK (tokens >= 0),
    cost_micros     bigint NOT NULL CHECK (cost_micros >= 0),
    day             date NOT NULL,                   -- UTC day and month the hold counts against
    month           date NOT NULL,
    created_at      bigint NOT NULL,
    expires_at      bigint NOT NULL
);
CREATE INDEX budget_holds_project_idx ON budget_holds (project_id, expires_at);
