-- Each assistant's open cases (accepted or in progress), kept by a trigger on cases: choosing who takes a new case
-- read them by counting the assistant's cases at every opening, a cost that grew with the cases each one held.
-- No case may open or close between the count below and the triggers (hosts still running keep working meanwhile).
LOCK TABLE cases IN SHARE ROW EXCLUSIVE MODE;

CREATE TABLE assistant_open_cases (
    assistant_id TEXT PRIMARY KEY,
    open_cases   INTEGER NOT NULL CHECK (open_cases >= 0)
);

INSERT INTO assistant_open_cases (assistant_id, open_cases)
SELECT assistant_id, COUNT(*) FROM cases
WHERE assistant_id IS NOT NULL AND status IN ('accepted', 'in_progress')
GROUP BY assistant_id;

CREATE FUNCTION count_assistant_open_cases() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.assistant_id IS DISTINCT FROM NEW.assistant_id THEN
        -- A handover changes two counts: lock both in one order, so two opposite handovers cannot deadlock.
        PERFORM 1 FROM assistant_open_cases WHERE assistant_id IN (OLD.assistant_id, NEW.assistant_id) ORDER BY assistant_id FOR UPDATE;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.assistant_id IS NOT NULL AND OLD.status IN ('accepted', 'in_progress') THEN
        -- Never below zero: a count gone wrong must not stop a case from closing.
        UPDATE assistant_open_cases SET open_cases = GREATEST(open_cases - 1, 0) WHERE assistant_id = OLD.assistant_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.assistant_id IS NOT NULL AND NEW.status IN ('accepted', 'in_progress') THEN
        INSERT INTO assistant_open_cases (assistant_id, open_cases) VALUES (NEW.assistant_id, 1)
        ON CONFLICT (assistant_id) DO UPDATE SET open_cases = assistant_open_cases.open_cases + 1;
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER tr_cases_open_count_insert_delete AFTER INSERT OR DELETE ON cases
FOR EACH ROW EXECUTE FUNCTION count_assistant_open_cases();

CREATE TRIGGER tr_cases_open_count_update AFTER UPDATE OF status, assistant_id ON cases
FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.assistant_id IS DISTINCT FROM NEW.assistant_id)
EXECUTE FUNCTION count_assistant_open_cases();
