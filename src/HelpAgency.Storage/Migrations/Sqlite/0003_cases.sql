-- Staff, projects and their contacts, cases through the six steps, the service ledger and the access log.
CREATE TABLE staff (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    phone      TEXT NOT NULL DEFAULT '',
    parks      TEXT NOT NULL DEFAULT '',
    on_duty    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    name             TEXT NOT NULL,
    unit_name        TEXT NOT NULL,
    credit_code      TEXT NOT NULL,
    project_type     TEXT NOT NULL,
    park             TEXT NOT NULL,
    is_key_project   INTEGER NOT NULL DEFAULT 0,
    commits_to_start INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL
);

CREATE TABLE project_contacts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  INTEGER NOT NULL REFERENCES projects (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    since       TEXT NOT NULL,
    until       TEXT NULL
);

CREATE INDEX ix_project_contacts_project ON project_contacts (project_id, until);
CREATE INDEX ix_project_contacts_user ON project_contacts (user_id, until);
CREATE UNIQUE INDEX ux_project_contacts_current ON project_contacts (project_id, user_id) WHERE until IS NULL;

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id         INTEGER NOT NULL REFERENCES projects (id),
    status             TEXT NOT NULL CHECK (status IN ('accepted', 'in_progress', 'archived', 'terminated')),
    assistant_id       TEXT NULL REFERENCES users (id),
    opened_at          TEXT NOT NULL,
    closed_at          TEXT NULL,
    termination_reason TEXT NULL,
    evaluation_score   INTEGER NULL CHECK (evaluation_score BETWEEN 1 AND 5),
    evaluation_comment TEXT NULL,
    evaluated_at       TEXT NULL,
    certificates       TEXT NULL
);

CREATE INDEX ix_cases_project ON cases (project_id);
CREATE INDEX ix_cases_assistant_status ON cases (assistant_id, status);
CREATE INDEX ix_cases_status ON cases (status, id);

CREATE TABLE case_items (
    case_id        INTEGER NOT NULL REFERENCES cases (id),
    item_code      TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    status         TEXT NOT NULL,
    planned_start  TEXT NOT NULL,
    planned_due    TEXT NOT NULL,
    submitted_at   TEXT NULL,
    accepted_at    TEXT NULL,
    completed_at   TEXT NULL,
    certificate_no TEXT NULL,
    note           TEXT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (case_id, item_code)
);

CREATE INDEX ix_case_items_due ON case_items (status, planned_due);

CREATE TABLE material_checks (
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    item_code  TEXT NOT NULL,
    material   TEXT NOT NULL,
    result     TEXT NOT NULL CHECK (result IN ('provided', 'missing', 'nonconforming')),
    note       TEXT NULL,
    checked_by TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (case_id, item_code, material)
);

CREATE TABLE visits (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    requested_by TEXT NOT NULL REFERENCES users (id),
    project_id   INTEGER NULL REFERENCES projects (id),
    kind         TEXT NOT NULL CHECK (kind IN ('consultation', 'onsite')),
    starts_at    TEXT NOT NULL,
    place        TEXT NOT NULL,
    topic        TEXT NOT NULL,
    phone        TEXT NOT NULL,
    assistant_id TEXT NULL REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'done', 'cancelled')),
    created_at   TEXT NOT NULL
);

CREATE INDEX ix_visits_assistant ON visits (assistant_id, starts_at);

CREATE TABLE coordination_issues (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    item_code       TEXT NULL,
    title           TEXT NOT NULL,
    lead_department TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    raised_by       TEXT NOT NULL,
    raised_at       TEXT NOT NULL,
    resolution      TEXT NULL,
    resolved_at     TEXT NULL
);

CREATE INDEX ix_coordination_issues_case ON coordination_issues (case_id);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id      INTEGER NOT NULL REFERENCES cases (id),
    issue_id     INTEGER NULL REFERENCES coordination_issues (id),
    topic        TEXT NOT NULL,
    starts_at    TEXT NOT NULL,
    place        TEXT NOT NULL,
    participants TEXT NOT NULL,
    agenda       TEXT NOT NULL,
    minutes      TEXT NULL,
    status       TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
    created_by   TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE INDEX ix_meetings_case ON meetings (case_id);
CREATE INDEX ix_meetings_starts ON meetings (status, starts_at);

CREATE TABLE follow_up_actions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    description TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    done_at     TEXT NULL
);

CREATE INDEX ix_follow_up_actions_meeting ON follow_up_actions (meeting_id);
CREATE INDEX ix_follow_up_actions_due ON follow_up_actions (done_at, due_date);

-- 服务记录台账: append-only, enforced here and not only in code.
CREATE TABLE service_ledger (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    case_id    INTEGER NULL,
    project_id INTEGER NULL,
    item_code  TEXT NULL,
    action     TEXT NOT NULL,
    details    TEXT NOT NULL
);

CREATE INDEX ix_service_ledger_case ON service_ledger (case_id, id);
CREATE INDEX ix_service_ledger_at ON service_ledger (at);

CREATE TRIGGER service_ledger_no_update BEFORE UPDATE ON service_ledger
BEGIN
    SELECT RAISE(ABORT, 'service_ledger is append-only');
END;

CREATE TRIGGER service_ledger_no_delete BEFORE DELETE ON service_ledger
BEGIN
    SELECT RAISE(ABORT, 'service_ledger is append-only');
END;

CREATE TABLE access_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role    TEXT NOT NULL,
    case_id INTEGER NULL,
    what    TEXT NOT NULL
);

CREATE INDEX ix_access_log_case ON access_log (case_id, id);
