-- AIGW schema, version 1 (SQLite 3.35+).
-- Same tables as sql/postgresql/0001_init.sql; dates are ISO 'YYYY-MM-DD' text, booleans 0/1.
-- Conventions: ids are UUIDs; timestamps are BIGINT milliseconds since the Unix epoch (UTC by
-- definition, identical on SQLite and PostgreSQL); money is BIGINT micro-dollars (1 USD = 1,000,000);
-- days and months are UTC calendar dates.

CREATE TABLE admins (
    id              text PRIMARY KEY NOT NULL,
    email           text NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    password_hash   text NOT NULL,
    role            text NOT NULL DEFAULT 'admin' CHECK (role IN ('admin', 'viewer')),
    token_version   INTEGER NOT NULL DEFAULT 0,      -- bumped by logout / password change: old JWTs die
    is_active       INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    last_login_at   INTEGER
);
CREATE UNIQUE INDEX admins_email_key ON admins (lower(email));

CREATE TABLE projects (
    id                          text PRIMARY KEY NOT NULL,
    name                        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description                 text NOT NULL DEFAULT '',
    daily_token_limit           INTEGER CHECK (daily_token_limit >= 0),          -- NULL: no limit
    monthly_token_limit         INTEGER CHECK (monthly_token_limit >= 0),
    daily_cost_limit_micros     INTEGER CHECK (daily_cost_limit_micros >= 0),
    monthly_cost_limit_micros   INTEGER CHECK (monthly_cost_limit_micros >= 0),
    default_provider            text,                                            -- NULL: system order
    default_capability          text NOT NULL DEFAULT 'balanced',
    fallbacks                   text,                -- JSON array of "provider/model", tried in order
    is_active                   INTEGER NOT NULL DEFAULT 1,
    created_at                  INTEGER NOT NULL,
    updated_at                  INTEGER NOT NULL
);

CREATE TABLE api_keys (
    id              text PRIMARY KEY NOT NULL,
    project_id      text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    key_prefix      text NOT NULL,                   -- first 12 characters, for display
    key_hash        text NOT NULL,                   -- lower-case hex SHA-256 of the whole key
    name            text NOT NULL DEFAULT '',
    rate_limit_rpm  INTEGER CHECK (rate_limit_rpm > 0),     -- NULL: the configured default
    rate_limit_tpm  INTEGER CHECK (rate_limit_tpm > 0),      -- NULL: no token rate limit
    allowed_models  text,                            -- JSON array of model ids; NULL: every model
    is_active       INTEGER NOT NULL DEFAULT 1,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,           -- every change but last use: the gateway reloads on it
    revoked_at      INTEGER,
    last_used_at    INTEGER
);
CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash);
CREATE INDEX api_keys_project_idx ON api_keys (project_id);

CREATE TABLE provider_credentials (
    id              text PRIMARY KEY NOT NULL,
    project_id      text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider        text NOT NULL,
    encrypted_key   text NOT NULL,                   -- v1:<key id>:<base64(nonce || ciphertext || tag)>
    key_hint        text NOT NULL DEFAULT '',        -- last 4 characters, so listing needs no decryption
    base_url        text,                            -- NULL: the provider's public endpoint
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (project_id, provider)
);

CREATE TABLE requests (
    id                  text PRIMARY KEY NOT NULL,            -- the request id (x-request-id)
    project_id          text NOT NULL REFERENCES projects (id),
    api_key_id          text REFERENCES api_keys (id),
    provider            text NOT NULL DEFAULT '',
    model               text NOT NULL DEFAULT '',    -- the model that answered (or was asked for)
    capability          text,
    status              text NOT NULL CHECK (status IN ('success', 'error', 'rejected', 'cancelled')),
    http_status         INTEGER NOT NULL DEFAULT 0,
    stream              INTEGER NOT NULL DEFAULT 0,
    input_tokens        INTEGER NOT NULL DEFAULT 0,   -- includes cached input tokens
    cached_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens       INTEGER NOT NULL DEFAULT 0,   -- includes reasoning tokens
    reasoning_tokens    INTEGER NOT NULL DEFAULT 0,
    cost_micros         INTEGER,                      -- NULL: no price known for the model
    usage_estimated     INTEGER NOT NULL DEFAULT 0,
    latency_ms          INTEGER NOT NULL DEFAULT 0,
    ttft_ms             INTEGER,
    attempts            INTEGER NOT NULL DEFAULT 1,
    error_code          text,
    error_message       text,
    created_at          INTEGER NOT NULL
);
CREATE INDEX requests_project_created_idx ON requests (project_id, created_at);
CREATE INDEX requests_created_idx ON requests (created_at);

-- Per project, per UTC day.
CREATE TABLE usage_counters (
    project_id          text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    day                 text NOT NULL,
    input_tokens        INTEGER NOT NULL DEFAULT 0,
    cached_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens       INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens    INTEGER NOT NULL DEFAULT 0,
    total_tokens        INTEGER NOT NULL DEFAULT 0,
    cost_micros         INTEGER NOT NULL DEFAULT 0,
    request_count       INTEGER NOT NULL DEFAULT 0,
    error_count         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, day)
);

-- Per project, per UTC month (month = the first day of the month).
CREATE TABLE usage_counters_monthly (
    project_id          text NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    month               text NOT NULL,
    input_tokens        INTEGER NOT NULL DEFAULT 0,
    cached_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens       INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens    INTEGER NOT NULL DEFAULT 0,
    total_tokens        INTEGER NOT NULL DEFAULT 0,
    cost_micros         INTEGER NOT NULL DEFAULT 0,
    request_count       INTEGER NOT NULL DEFAULT 0,
    error_count         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, month)
);

-- Per provider, per UTC day, over all projects.
CREATE TABLE provider_usage (
    provider            text NOT NULL,
    day                 text NOT NULL,
    input_tokens        INTEGER NOT NULL DEFAULT 0,
    cached_tokens       INTEGER NOT NULL DEFAULT 0,
    output_tokens       INTEGER NOT NULL DEFAULT 0,
    reasoning_tokens    INTEGER NOT NULL DEFAULT 0,
    total_tokens        INTEGER NOT NULL DEFAULT 0,
    cost_micros         INTEGER NOT NULL DEFAULT 0,
    request_count       INTEGER NOT NULL DEFAULT 0,
    error_count         INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (provider, day)
);
CREATE INDEX provider_usage_day_idx ON provider_usage (day);
