-- Staff, projects and their contacts, cases through the six steps, the service ledger and the access log.
CREATE TABLE staff (
    user_id    TEXT PRIMARY KEY REFERENCES users (id),
    phone      TEXT NOT NULL DEFAULT '',
    parks      TEXT NOT NULL DEFAULT '',
    on_duty    BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE projects (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name             TEXT NOT NULL,
    unit_name        TEXT NOT NULL,
    credit_code      TEXT NOT NULL,
    project_type     TEXT NOT NULL,
    park             TEXT NOT NULL,
    is_key_project   BOOLEAN NOT NULL DEFAULT FALSE,
    commits_to_start BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL
);

CREATE TABLE project_contacts (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  BIGINT NOT NULL REFERENCES projects (id),
    user_id     TEXT NOT NULL REFERENCES users (id),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL,
    since       TIMESTAMPTZ NOT NULL,
    until       TIMESTAMPTZ NULL
);

CREATE INDEX ix_project_contacts_project ON project_contacts (project_id, until);
CREATE INDEX ix_project_contacts_user ON project_contacts (user_id, until);
CREATE UNIQUE INDEX ux_project_contacts_current ON project_contacts (project_id, user_id) WHERE until IS NULL;

CREATE TABLE cases (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id         BIGINT NOT NULL REFERENCES projects (id),
    status             TEXT NOT NULL CHECK (status IN ('accepted', 'in_progress', 'archived', 'terminated')),
    assistant_id       TEXT NULL REFERENCES users (id),
    opened_at          TIMESTAMPTZ NOT NULL,
    closed_at          TIMESTAMPTZ NULL,
    termination_reason TEXT NULL,
    evaluation_score   INTEGER NULL CHECK (evaluation_score BETWEEN 1 AND 5),
    evaluation_comment TEXT NULL,
    evaluated_at       TIMESTAMPTZ NULL,
    certificates       TEXT NULL
);

CREATE INDEX ix_cases_project ON cases (project_id);
CREATE INDEX ix_cases_assistant_status ON cases (assistant_id, status);
CREATE INDEX ix_cases_status ON cases (status, id);

CREATE TABLE case_items (
    case_id        BIGINT NOT NULL REFERENCES cases (id),
    item_code      TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    status         TEXT NOT NULL,
    planned_start  DATE NOT NULL,
    planned_due    DATE NOT NULL,
    submitted_at   TIMESTAMPTZ NULL,
    accepted_at    TIMESTAMPTZ NULL,
    completed_at   TIMESTAMPTZ NULL,
    certificate_no TEXT NULL,
    note           TEXT NULL,
    updated_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, item_code)
);

CREATE INDEX ix_case_items_due ON case_items (status, planned_due);

CREATE TABLE material_checks (
    case_id    BIGINT NOT NULL REFERENCES cases (id),
    item_code  TEXT NOT NULL,
    material   TEXT NOT NULL,
    result     TEXT NOT NULL CHECK (result IN ('provided', 'missing', 'nonconforming')),
    note       TEXT NULL,
    checked_by TEXT NOT NULL,
    checked_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, item_code, material)
);

CREATE TABLE visits (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    requested_by TEXT NOT NULL REFERENCES users (id),
    project_id   BIGINT NULL REFERENCES projects (id),
    kind         TEXT NOT NULL CHECK (kind IN ('consultation', 'onsite')),
    starts_at    TIMESTAMPTZ NOT NULL,
    place        TEXT NOT NULL,
    topic        TEXT NOT NULL,
    phone        TEXT NOT NULL,
    assistant_id TEXT NULL REFERENCES users (id),
    status       TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'done', 'cancelled')),
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_visits_assistant ON visits (assistant_id, starts_at);

CREATE TABLE coordination_issues (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES cases (id),
    item_code       TEXT NULL,
    title           TEXT NOT NULL,
    lead_department TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
    raised_by       TEXT NOT NULL,
    raised_at       TIMESTAMPTZ NOT NULL,
    resolution      TEXT NULL,
    resolved_at     TIMESTAMPTZ NULL
);

CREATE INDEX ix_coordination_issues_case ON coordination_issues (case_id);

CREATE TABLE meetings (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases (id),
    issue_id     BIGINT NULL REFERENCES coordination_issues (id),
    topic        TEXT NOT NULL,
    starts_at    TIMESTAMPTZ NOT NULL,
    place        TEXT NOT NULL,
    participants TEXT NOT NULL,
    agenda       TEXT NOT NULL,
    minutes      TEXT NULL,
    status       TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'cancelled')),
    created_by   TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE INDEX ix_meetings_case ON meetings (case_id);
CREATE INDEX ix_meetings_starts ON meetings (status, starts_at);

CREATE TABLE follow_up_actions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings (id),
    description TEXT NOT NULL,
    owner_id    TEXT NOT NULL,
    due_date    DATE NOT NULL,
    done_at     TIMESTAMPTZ NULL
);

CREATE INDEX ix_follow_up_actions_meeting ON follow_up_actions (meeting_id);
CREATE INDEX ix_follow_up_actions_due ON follow_up_actions (done_at, due_date);

-- 服务记录台账: append-only, enforced here and not only in code.
CREATE TABLE service_ledger (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    actor_id   TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    case_id    BIGINT NULL,
    project_id BIGINT NULL,
    item_code  TEXT NULL,
    action     TEXT NOT NULL,
    details    TEXT NOT NULL
);

CREATE INDEX ix_service_ledger_case ON service_ledger (case_id, id);
CREATE INDEX ix_service_ledger_at ON service_ledger (at);

CREATE FUNCTION service_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'service_ledger is append-only';
END;
$$;

CREATE TRIGGER service_ledger_no_change BEFORE UPDATE OR DELETE ON service_ledger
FOR EACH ROW EXECUTE FUNCTION service_ledger_append_only();

CREATE TRIGGER service_ledger_no_truncate BEFORE TRUNCATE ON service_ledger
FOR EACH STATEMENT EXECUTE FUNCTION service_ledger_append_only();

CREATE TABLE access_log (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL,
    user_id TEXT NOT NULL,
    role    TEXT NOT NULL,
    case_id BIGINT NULL,
    what    TEXT NOT NULL
);

CREATE INDEX ix_access_log_case ON access_log (case_id, id);
