-- PostgreSQL drops the request log's foreign keys in this version (see sql/postgresql/0005). On SQLite
-- they are cheap (the writer's connection checks them against primary-key pages already in cache) and
-- dropping them would mean rebuilding the table, so nothing changes here; the file keeps the two
-- dialects' schema versions in step.
SELECT 1;
