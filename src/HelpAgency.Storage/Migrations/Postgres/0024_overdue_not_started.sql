-- A not-started item past its planned due date is late too (CaseItem.IsOverdueOn): the reminder index holds every
-- item still to be done, started or not, so the overdue scan and the console's counts read it as before.
DROP INDEX ix_case_items_open_due;
CREATE INDEX ix_case_items_open_due ON case_items (planned_due, case_id, item_code)
    WHERE status IN ('not_started', 'preparing', 'prechecked', 'submitted', 'accepted', 'correction_required') AND case_open;
