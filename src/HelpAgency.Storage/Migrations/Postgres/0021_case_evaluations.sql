-- Every evaluation (服务评价) of a case, in the order given: a second one is a new row, not an overwrite. The case row
-- keeps the latest for lists and statistics; an evaluation given before this table existed is carried over without its author.
CREATE TABLE case_evaluations (
    id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id  BIGINT NOT NULL REFERENCES cases (id),
    user_id  TEXT NULL,
    score    INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    comment  TEXT NULL,
    at       TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_case_evaluations_case ON case_evaluations (case_id, id);

INSERT INTO case_evaluations (case_id, user_id, score, comment, at)
SELECT id, NULL, evaluation_score, evaluation_comment, evaluated_at FROM cases WHERE evaluation_score IS NOT NULL AND evaluated_at IS NOT NULL ORDER BY id;
