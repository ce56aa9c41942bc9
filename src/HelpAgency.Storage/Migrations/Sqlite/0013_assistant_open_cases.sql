-- Each assistant's open cases (accepted or in progress), kept by triggers on cases: choosing who takes a new case
-- read them by counting the assistant's cases at every opening, a cost that grew with the cases each one held.
CREATE TABLE assistant_open_cases (
    assistant_id TEXT PRIMARY KEY,
    open_cases   INTEGER NOT NULL CHECK (open_cases >= 0)
) WITHOUT ROWID;

INSERT INTO assistant_open_cases (assistant_id, open_cases)
SELECT assistant_id, COUNT(*) FROM cases
WHERE assistant_id IS NOT NULL AND status IN ('accepted', 'in_progress')
GROUP BY assistant_id;

CREATE TRIGGER tr_cases_open_count_insert AFTER INSERT ON cases
WHEN new.assistant_id IS NOT NULL AND new.status IN ('accepted', 'in_progress')
BEGIN
    INSERT INTO assistant_open_cases (assistant_id, open_cases) VALUES (new.assistant_id, 1)
    ON CONFLICT (assistant_id) DO UPDATE SET open_cases = open_cases + 1;
END;

CREATE TRIGGER tr_cases_open_count_update AFTER UPDATE OF status, assistant_id ON cases
WHEN old.status IS NOT new.status OR old.assistant_id IS NOT new.assistant_id
BEGIN
    UPDATE assistant_open_cases SET open_cases = MAX(open_cases - 1, 0)
    WHERE assistant_id = old.assistant_id AND old.status IN ('accepted', 'in_progress');
    INSERT INTO assistant_open_cases (assistant_id, open_cases)
    SELECT new.assistant_id, 1 WHERE new.assistant_id IS NOT NULL AND new.status IN ('accepted', 'in_progress')
    ON CONFLICT (assistant_id) DO UPDATE SET open_cases = open_cases + 1;
END;

CREATE TRIGGER tr_cases_open_count_delete AFTER DELETE ON cases
WHEN old.assistant_id IS NOT NULL AND old.status IN ('accepted', 'in_progress')
BEGIN
    UPDATE assistant_open_cases SET open_cases = MAX(open_cases - 1, 0) WHERE assistant_id = old.assistant_id;
END;
