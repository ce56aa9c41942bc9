-- PostgreSQL has no REPLACE: an insert naming an id already taken fails on the key (ids are GENERATED ALWAYS, so it
-- must also say OVERRIDING SYSTEM VALUE), and an upsert's DO UPDATE path fires service_ledger_no_change. What let a
-- ledger row be rewritten here was the application's role owning the table, and ownership is not a migration's to
-- change: the migrations run as the owner (Storage:MigrationConnectionString) and MigrationRunner grants the host's role
-- INSERT and SELECT on this table only. The comment says so to whoever reads the schema.
COMMENT ON TABLE service_ledger IS 'append-only: triggers refuse UPDATE, DELETE and TRUNCATE; the host''s role may only INSERT and SELECT';
