-- A member's deferred replies go out one at a time in the order received: a lease takes only the oldest pending
-- record of each member, looked up here (pending records only, so the index stays small).
CREATE INDEX ix_wecom_callbacks_pending_user ON wecom_callbacks (user_id, received_at) WHERE status = 'pending';
