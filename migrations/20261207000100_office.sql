-- Issue 10, the inspection office's view: problems that come back (屡查屡犯), the
-- evaluation of a round (整改评估) with the office's overrides, the look-back
-- (回头看) with its re-verification tasks, and the weekly snapshots the board's
-- trend is drawn from.

-- The recurrence detector's stored signature of a problem (src/domain/similarity):
-- the normalised title and text, from which scores are recomputed exactly, and the
-- MinHash band keys a GIN index finds candidates by (empty: too short to compare). `version` is the method's; a row of
-- another version is recomputed.
CREATE TABLE problem_signatures (
  problem_id    integer PRIMARY KEY REFERENCES problems(id) ON DELETE CASCADE,
  office_id     integer NOT NULL REFERENCES organizations(id),
  unit_id       integer NOT NULL REFERENCES organizations(id),
  inspection_id integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  -- when the round was fed back (its creation day when no feedback date is known):
  -- "earlier rounds" are those fed back before, whatever order they were entered in
  round_on      date NOT NULL,
  version       smallint NOT NULL,
  title_norm    text NOT NULL,
  norm          text NOT NULL,
  bands         integer[] NOT NULL
);
CREATE INDEX problem_signatures_bands ON problem_signatures USING gin (bands);
CREATE INDEX problem_signatures_inspection ON problem_signatures(inspection_id);

-- Problems whose signature is to be (re)computed: every new problem, and one whose
-- title or description changed (its stored signature is dropped). Triggers keep it,
-- because several use cases insert and edit problems and a check must not scan the
-- whole history to find the few that changed; the check drains it for its office.
-- A change of the method (METHOD_VERSION) ships with a migration refilling it.
CREATE TABLE signature_queue (
  problem_id integer PRIMARY KEY REFERENCES problems(id) ON DELETE CASCADE
);
INSERT INTO signature_queue (problem_id) SELECT id FROM problems;

CREATE FUNCTION zg_signature_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM problem_signatures WHERE problem_id = NEW.id;
  END IF;
  INSERT INTO signature_queue (problem_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER problems_signature_new AFTER INSERT ON problems
  FOR EACH ROW EXECUTE FUNCTION zg_signature_enqueue();
CREATE TRIGGER problems_signature_stale AFTER UPDATE OF title, description ON problems
  FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.description IS DISTINCT FROM NEW.description)
  EXECUTE FUNCTION zg_signature_enqueue();

-- A problem of a round that resembles a problem of an earlier round (same unit or
-- another unit of the office), with the score. Recomputed per round as a whole.
CREATE TABLE problem_recurrences (
  problem_id    integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  earlier_id    integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  unit_id       integer NOT NULL REFERENCES organizations(id),
  inspection_id integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  score         real NOT NULL CHECK (score > 0 AND score <= 1),
  computed_at   timestamptz NOT NULL,
  PRIMARY KEY (problem_id, earlier_id)
);
CREATE INDEX problem_recurrences_inspection ON problem_recurrences(inspection_id);
CREATE INDEX problem_recurrences_unit ON problem_recurrences(unit_id);
CREATE INDEX problem_recurrences_earlier ON problem_recurrences(earlier_id);

-- The evaluation settings of an office (weights, saturation points, grade
-- thresholds: src/domain/evaluation). An office without a row runs on the defaults.
CREATE TABLE evaluation_configs (
  office_id  integer PRIMARY KEY REFERENCES organizations(id),
  config     jsonb NOT NULL,
  updated_by integer REFERENCES users(id),
  updated_at timestamptz NOT NULL
);

-- The office's overrides of a round's grade, each with its reason; the newest row
-- is in force (a null grade returns to the computed one). Never rewritten.
CREATE TABLE evaluation_overrides (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  grade          text CHECK (grade IN ('good', 'fairly_good', 'average', 'poor')),
  computed_grade text NOT NULL,
  computed_score numeric(5, 1) NOT NULL,
  reason         text NOT NULL,
  created_by     integer NOT NULL REFERENCES users(id),
  created_at     timestamptz NOT NULL
);
CREATE INDEX evaluation_overrides_inspection ON evaluation_overrides(inspection_id, id DESC);
CREATE TRIGGER evaluation_overrides_append_only BEFORE UPDATE OR DELETE ON evaluation_overrides
  FOR EACH ROW EXECUTE FUNCTION zg_append_only();

-- A look-back (回头看) of a round: closed items sampled at random with a recorded
-- seed (the same seed over the same closed items draws the same sample) or by risk.
CREATE TABLE lookbacks (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  unit_id       integer NOT NULL REFERENCES organizations(id),
  method        text NOT NULL CHECK (method IN ('random', 'risk')),
  seed          text NOT NULL,
  sample_size   integer NOT NULL CHECK (sample_size > 0),
  -- how many closed items the sample was drawn from
  population    integer NOT NULL CHECK (population >= 0),
  answer_due    date NOT NULL,
  note          text NOT NULL DEFAULT '',
  status        text NOT NULL CHECK (status IN ('open', 'closed')),
  opened_by     integer NOT NULL REFERENCES users(id),
  opened_at     timestamptz NOT NULL,
  closed_by     integer REFERENCES users(id),
  closed_at     timestamptz
);
CREATE INDEX lookbacks_inspection ON lookbacks(inspection_id, id DESC);
CREATE INDEX lookbacks_unit ON lookbacks(unit_id, status);

-- Each sampled item: a re-verification task for the unit, answered with evidence,
-- then confirmed by the office or reopened (through the workflow's reopen transition).
CREATE TABLE lookback_items (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  lookback_id     integer NOT NULL REFERENCES lookbacks(id) ON DELETE CASCADE,
  problem_id      integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  position        smallint NOT NULL,
  -- the risk signs found on the item when it was drawn: [{"code": "late_closure", ...}]
  risks           jsonb NOT NULL DEFAULT '[]',
  status          text NOT NULL CHECK (status IN ('requested', 'answered', 'confirmed', 'reopened')),
  answer          text,
  answered_by     integer REFERENCES users(id),
  answered_at     timestamptz,
  decision_reason text,
  decided_by      integer REFERENCES users(id),
  decided_at      timestamptz,
  new_deadline    date,
  UNIQUE (lookback_id, problem_id),
  CHECK (status <> 'answered' OR answered_at IS NOT NULL),
  CHECK ((status IN ('confirmed', 'reopened')) = (decided_at IS NOT NULL))
);
CREATE INDEX lookback_items_problem ON lookback_items(problem_id);

-- A risk draw asks, per closed item, when it was last reminded (an in-app reminder on
-- the problem): without this index that is a scan of every notification per item.
CREATE INDEX notifications_subject ON notifications(subject_type, subject_id, created_at);

-- Evidence of an answer, content-addressed in the evidence store.
CREATE TABLE lookback_evidence (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id    integer NOT NULL REFERENCES lookback_items(id) ON DELETE CASCADE,
  digest     text NOT NULL,
  filename   text NOT NULL,
  mime       text NOT NULL,
  size       integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX lookback_evidence_item ON lookback_evidence(item_id);

-- One row per round and week (the Monday, Beijing): what the board's trend draws.
CREATE TABLE office_snapshots (
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  unit_id        integer NOT NULL REFERENCES organizations(id),
  week           date NOT NULL,
  problems       integer NOT NULL,
  closed         integer NOT NULL,
  closed_on_time integer NOT NULL,
  overdue        integer NOT NULL,
  taken_at       timestamptz NOT NULL,
  PRIMARY KEY (inspection_id, week)
);
CREATE INDEX office_snapshots_unit ON office_snapshots(unit_id, week);
