-- Shared request-per-minute buckets, one per API key, for gateway processes that share this database.
-- Each process leases a small chunk of request tokens from the key's row with one atomic
-- INSERT ... ON CONFLICT DO UPDATE ... RETURNING (refill by the database clock, then take at most what is
-- there), and spends the chunk locally; a token leased once is never leased again. See docs/governance.md.
CREATE TABLE rate_limit_buckets (
    api_key_id      uuid PRIMARY KEY REFERENCES api_keys (id) ON DELETE CASCADE,
    rpm             bigint NOT NULL CHECK (rpm > 0),
    tokens          double precision NOT NULL,  -- left in the bucket after the last lease
    updated_ms      bigint NOT NULL,            -- database clock of the last lease, ms since the epoch
    granted         bigint NOT NULL             -- the last lease (read back by RETURNING)
);
