"""Review tables: cases (review packages), actions, signatures, addenda, physician alerts.

The database itself enforces what must never happen, so that neither a bug
nor a hand-edited row can do it:

* a signed case is read-only (no UPDATE of a signed row, no new action on it);
  later information goes into an addendum, a new row linked to the case;
* cases, actions, signatures and addenda are never deleted or edited;
* an alert is acknowledged once, and only its acknowledgement may change.

Priorities are stored as integers (``Priority`` values: 0 Low … 3 Critical)
so that ``ORDER BY final_priority DESC`` is the queue order.
"""

MIGRATIONS = [
    """
    CREATE TABLE review_cases (
        id               TEXT PRIMARY KEY,
        created_at       TEXT NOT NULL,
        created_by       TEXT NOT NULL,
        status           TEXT NOT NULL CHECK (status IN ('awaiting_review', 'signed')),
        headline         TEXT NOT NULL DEFAULT '',
        intake_json      TEXT NOT NULL,
        assessment_json  TEXT NOT NULL,
        model_id         TEXT NOT NULL DEFAULT '',
        model_priority   INTEGER CHECK (model_priority BETWEEN 0 AND 3),
        floor_priority   INTEGER CHECK (floor_priority BETWEEN 0 AND 3),
        ai_priority      INTEGER NOT NULL CHECK (ai_priority BETWEEN 0 AND 3),
        final_priority   INTEGER NOT NULL CHECK (final_priority BETWEEN 0 AND 3),
        json_valid       INTEGER NOT NULL DEFAULT 1,
        safety_alerts    INTEGER NOT NULL DEFAULT 0,
        counterfactual_flags INTEGER NOT NULL DEFAULT 0,
        signed_at        TEXT,
        signed_by        TEXT
    );
    CREATE INDEX review_cases_queue ON review_cases(status, final_priority DESC, created_at);
    CREATE INDEX review_cases_created ON review_cases(created_at);

    CREATE TRIGGER review_cases_signed_read_only BEFORE UPDATE ON review_cases
    WHEN OLD.status = 'signed'
    BEGIN
        SELECT RAISE(ABORT, 'signed case is read-only: add an addendum instead');
    END;
    CREATE TRIGGER review_cases_fixed_content BEFORE UPDATE ON review_cases
    WHEN NEW.intake_json IS NOT OLD.intake_json OR NEW.assessment_json IS NOT OLD.assessment_json
         OR NEW.created_at IS NOT OLD.created_at OR NEW.created_by IS NOT OLD.created_by
         OR NEW.ai_priority IS NOT OLD.ai_priority OR NEW.floor_priority IS NOT OLD.floor_priority
         OR NEW.model_priority IS NOT OLD.model_priority
    BEGIN
        SELECT RAISE(ABORT, 'the intake and the AI draft of a case cannot be edited');
    END;
    CREATE TRIGGER review_cases_no_delete BEFORE DELETE ON review_cases
    BEGIN
        SELECT RAISE(ABORT, 'review cases are never deleted');
    END;

    CREATE TABLE review_actions (
        id            INTEGER PRIMARY KEY,
        case_id       TEXT NOT NULL REFERENCES review_cases(id),
        at            TEXT NOT NULL,
        by_user       TEXT NOT NULL,
        kind          TEXT NOT NULL CHECK (kind IN ('priority_change', 'note')),
        old_priority  INTEGER,
        new_priority  INTEGER,
        below_floor   INTEGER NOT NULL DEFAULT 0,
        text          TEXT NOT NULL CHECK (length(trim(text)) > 0)
    );
    CREATE INDEX review_actions_case ON review_actions(case_id);
    CREATE TRIGGER review_actions_open_case_only BEFORE INSERT ON review_actions
    WHEN (SELECT status FROM review_cases WHERE id = NEW.case_id) = 'signed'
    BEGIN
        SELECT RAISE(ABORT, 'signed case is read-only: add an addendum instead');
    END;
    CREATE TRIGGER review_actions_no_update BEFORE UPDATE ON review_actions
    BEGIN
        SELECT RAISE(ABORT, 'review actions are append-only');
    END;
    CREATE TRIGGER review_actions_no_delete BEFORE DELETE ON review_actions
    BEGIN
        SELECT RAISE(ABORT, 'review actions are append-only');
    END;

    CREATE TABLE review_signatures (
        case_id         TEXT PRIMARY KEY REFERENCES review_cases(id),
        signer          TEXT NOT NULL,
        signer_role     TEXT NOT NULL,
        signed_at       TEXT NOT NULL,
        final_priority  INTEGER NOT NULL
    );
    CREATE TRIGGER review_signatures_no_update BEFORE UPDATE ON review_signatures
    BEGIN
        SELECT RAISE(ABORT, 'signatures are append-only');
    END;
    CREATE TRIGGER review_signatures_no_delete BEFORE DELETE ON review_signatures
    BEGIN
        SELECT RAISE(ABORT, 'signatures are append-only');
    END;

    CREATE TABLE review_addenda (
        id        INTEGER PRIMARY KEY,
        case_id   TEXT NOT NULL REFERENCES review_cases(id),
        at        TEXT NOT NULL,
        by_user   TEXT NOT NULL,
        text      TEXT NOT NULL CHECK (length(trim(text)) > 0)
    );
    CREATE INDEX review_addenda_case ON review_addenda(case_id);
    CREATE TRIGGER review_addenda_signed_only BEFORE INSERT ON review_addenda
    WHEN (SELECT status FROM review_cases WHERE id = NEW.case_id) IS NOT 'signed'
    BEGIN
        SELECT RAISE(ABORT, 'an addendum is for a signed case; add a note to an open case');
    END;
    CREATE TRIGGER review_addenda_no_update BEFORE UPDATE ON review_addenda
    BEGIN
        SELECT RAISE(ABORT, 'addenda are append-only');
    END;
    CREATE TRIGGER review_addenda_no_delete BEFORE DELETE ON review_addenda
    BEGIN
        SELECT RAISE(ABORT, 'addenda are append-only');
    END;

    CREATE TABLE physician_alerts (
        id               INTEGER PRIMARY KEY,
        case_id          TEXT NOT NULL UNIQUE REFERENCES review_cases(id),
        priority         INTEGER NOT NULL CHECK (priority BETWEEN 2 AND 3),
        created_at       TEXT NOT NULL,
        acknowledged_by  TEXT,
        acknowledged_at  TEXT
    );
    CREATE INDEX physician_alerts_open ON physician_alerts(acknowledged_at, priority DESC, created_at);
    CREATE TRIGGER physician_alerts_ack_once BEFORE UPDATE ON physician_alerts
    WHEN OLD.acknowledged_at IS NOT NULL
         OR NEW.case_id IS NOT OLD.case_id OR NEW.created_at IS NOT OLD.created_at
    BEGIN
        SELECT RAISE(ABORT, 'an alert is acknowledged once and is otherwise unchangeable');
    END;
    CREATE TRIGGER physician_alerts_no_delete BEFORE DELETE ON physician_alerts
    BEGIN
        SELECT RAISE(ABORT, 'physician alerts are never deleted');
    END;
    """,
]
