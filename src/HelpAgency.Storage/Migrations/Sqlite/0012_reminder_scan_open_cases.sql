-- A closed case's items keep their last status: a terminated case leaves items preparing or submitted, due long
-- ago, first in the reminder index's order, so the scan walked past every one of them on each run and grew with
-- history. case_open mirrors the case (cleared when the case is archived or terminated) and keeps them out.
ALTER TABLE case_items ADD COLUMN case_open INTEGER NOT NULL DEFAULT 1;
UPDATE case_items SET case_open = 0 WHERE case_id IN (SELECT id FROM cases WHERE status NOT IN ('accepted', 'in_progress'));
DROP INDEX ix_case_items_open_due;
-- (status, planned_due) served the overdue queries before the partial index; left beside it, SQLite without
-- statistics took it for the scan and sorted every overdue row to return the first page.
DROP INDEX ix_case_items_due;
CREATE INDEX ix_case_items_open_due ON case_items (planned_due, case_id, item_code)
    WHERE status IN ('preparing', 'prechecked', 'submitted', 'accepted', 'correction_required') AND case_open;
