-- The reminder scan reads the earliest-due open work, LIMIT 500. Indexes in due order over just the open rows let
-- it stop after the batch; (status, planned_due) and (done_at, due_date) made it sort every overdue row first.
CREATE INDEX ix_case_items_open_due ON case_items (planned_due, case_id)
    WHERE status IN ('preparing', 'prechecked', 'submitted', 'accepted', 'correction_required');

CREATE INDEX ix_follow_up_actions_open_due ON follow_up_actions (due_date, id) WHERE done_at IS NULL;
