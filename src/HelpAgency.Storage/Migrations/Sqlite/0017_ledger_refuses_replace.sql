-- INSERT OR REPLACE (and REPLACE INTO) with an existing id deleted the old ledger row and wrote another in its place:
-- SQLite's REPLACE removes the conflicting row without firing delete triggers unless a connection turns on
-- recursive_triggers, which the table cannot require of whoever connects. An insert that names an id already taken is
-- refused before the conflict is resolved; the database's own ids (id left out) never are. Upserts that take their
-- DO UPDATE path are refused here too, and by service_ledger_no_update besides.
CREATE TRIGGER service_ledger_no_replace BEFORE INSERT ON service_ledger
WHEN EXISTS (SELECT 1 FROM service_ledger WHERE id = new.id)
BEGIN
    SELECT RAISE(ABORT, 'service_ledger is append-only');
END;
