-- Shared request-per-minute buckets, one per API key. SQLite deployments run one gateway process, which keeps
-- its buckets in memory; the table exists so both dialects have the same schema. See docs/governance.md.
CREATE TABLE rate_limit_buckets (
    api_key_id      text PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
    rpm             INTEGER NOT NULL CHECK (rpm > 0),
    tokens          REAL NOT NULL,
    updated_ms      INTEGER NOT NULL,
    granted         INTEGER NOT NULL
);
