-- The reminder scan pages through overdue items by (planned_due, case_id, item_code): the index carries the
-- item code too, so each page starts where the last ended without a sort.
DROP INDEX ix_case_items_open_due;
CREATE INDEX ix_case_items_open_due ON case_items (planned_due, case_id, item_code)
    WHERE status IN ('preparing', 'prechecked', 'submitted', 'accepted', 'correction_required');
