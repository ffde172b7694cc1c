-- Every management change made through the admin API: who, what, when and from where.
CREATE TABLE audit_log (
    id              uuid PRIMARY KEY,
    admin_id        uuid,                            -- no foreign key: the entry outlives a deleted admin
    admin_email     text NOT NULL DEFAULT '',
    action          text NOT NULL,                   -- e.g. project.create, key.revoke, auth.login
    target_type     text NOT NULL DEFAULT '',
    target_id       text,
    details         text NOT NULL DEFAULT '{}',      -- JSON object
    remote_address  text NOT NULL DEFAULT '',
    created_at      bigint NOT NULL
);
CREATE INDEX audit_log_created_idx ON audit_log (created_at);
