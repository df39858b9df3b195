-- Foundation: organisations, accounts, inspections, the problem tree, measures,
-- progress with evidence, the closure/extension workflow and the audit trail.
-- PostgreSQL dialect only: runs unchanged on PGlite and on a PostgreSQL 15+ server.

CREATE TABLE organizations (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id   integer REFERENCES organizations(id),
  kind        text NOT NULL CHECK (kind IN ('office', 'unit', 'department')),
  name        text NOT NULL,
  short_name  text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- the unit a department belongs to (its own id for a unit); lets every scope
  -- check be one equality instead of a recursive walk
  unit_id     integer REFERENCES organizations(id),
  CHECK ((kind = 'office') = (parent_id IS NULL))
);
CREATE INDEX organizations_parent ON organizations(parent_id);
CREATE INDEX organizations_unit ON organizations(unit_id);

CREATE TABLE users (
  id                  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username            text NOT NULL UNIQUE,
  display_name        text NOT NULL,
  password_hash       text NOT NULL,
  is_active           boolean NOT NULL DEFAULT true,
  failed_logins       integer NOT NULL DEFAULT 0,
  locked_until        timestamptz,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at          timestamptz NOT NULL DEFAULT now()
);

-- A role is held in one organisation: office_admin/sysadmin/secadmin/auditor in the
-- inspection office, unit_admin/leader/inspector in a unit, dept_handler in a department.
CREATE TABLE memberships (
  user_id  integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id   integer NOT NULL REFERENCES organizations(id),
  role     text NOT NULL CHECK (role IN ('office_admin', 'unit_admin', 'dept_handler', 'leader',
                                         'inspector', 'sysadmin', 'secadmin', 'auditor')),
  PRIMARY KEY (user_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships(org_id);

CREATE TABLE sessions (
  id_hash      text PRIMARY KEY,           -- SM3 of the cookie token: a leaked table opens no session
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  ip           text,
  user_agent   text
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

CREATE TABLE inspections (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id        integer NOT NULL REFERENCES organizations(id),
  kind           text NOT NULL CHECK (kind IN ('巡视', '巡察', '审计', '督察')),
  title          text NOT NULL,
  body           text NOT NULL,             -- inspecting body, e.g. 市委第一巡察组
  onsite_start   date,
  onsite_end     date,
  feedback_date  date,
  plan_due       date,
  report_due     date,
  source_digest  text,                      -- SM3 of an imported notice, to recognise re-imports
  created_by     integer REFERENCES users(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (onsite_start IS NULL OR onsite_end IS NULL OR onsite_start <= onsite_end)
);
CREATE INDEX inspections_unit ON inspections(unit_id);
CREATE INDEX inspections_digest ON inspections(unit_id, source_digest);

-- CJK-aware search: a tsvector of character bigrams under the 'simple' configuration.
-- Trigram indexes cannot serve the commonest Chinese query, a two-character term, and
-- PostgreSQL has no Chinese parser; bigrams can, with a LIKE recheck for exactness.
CREATE FUNCTION zg_bigrams(t text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT g)), ''::tsvector)
  FROM (
    SELECT substr(s, i, 2) AS g
    FROM (SELECT regexp_replace(lower(coalesce(t, '')), '[[:space:][:punct:]，。、；：？！“”‘’（）《》【】]', '', 'g') AS s) x,
         generate_series(1, greatest(length(s) - 1, 0)) i
  ) grams
  WHERE length(g) = 2
$$;

CREATE TABLE problems (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id   integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  unit_id         integer NOT NULL REFERENCES organizations(id),  -- denormalised for scope checks
  parent_id       integer REFERENCES problems(id) ON DELETE CASCADE,
  level           smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
  label           text NOT NULL,            -- as written: （一） 1. （1）
  title           text NOT NULL,
  description     text NOT NULL DEFAULT '',
  sort_order      integer NOT NULL,
  -- ledger fields; meaningful on actionable (leaf) problems
  rectify_kind    text CHECK (rectify_kind IN ('immediate', 'deadline', 'long_term')),
  leader_id       integer REFERENCES users(id),
  leader_name     text,                     -- as imported when no account exists yet
  lead_dept_id    integer REFERENCES organizations(id),
  deadline        date,
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'in_progress', 'closure_requested', 'closed', 'long_term')),
  stage_done      boolean NOT NULL DEFAULT false,   -- 阶段性完成, for long-term items
  closure_requested_by integer REFERENCES users(id),
  closed_at       timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  search          tsvector GENERATED ALWAYS AS (zg_bigrams(label || title || ' ' || description)) STORED
);
CREATE INDEX problems_inspection_order ON problems(inspection_id, sort_order);
CREATE INDEX problems_unit_status ON problems(unit_id, status);
CREATE INDEX problems_lead_dept ON problems(lead_dept_id);
CREATE INDEX problems_deadline ON problems(unit_id, deadline);
CREATE INDEX problems_parent ON problems(parent_id);
CREATE INDEX problems_search ON problems USING gin(search);

CREATE TABLE problem_cooperators (
  problem_id integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  dept_id    integer NOT NULL REFERENCES organizations(id),
  PRIMARY KEY (problem_id, dept_id)
);
CREATE INDEX problem_cooperators_dept ON problem_cooperators(dept_id);

CREATE TABLE measures (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  problem_id    integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  text          text NOT NULL,
  owner_dept_id integer REFERENCES organizations(id),
  deadline      date,
  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'in_progress', 'done')),
  sort_order    integer NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX measures_problem ON measures(problem_id, sort_order);

-- Append-only: progress is what a department said on a day; corrections are new entries.
CREATE TABLE progress_entries (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  problem_id  integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  measure_id  integer REFERENCES measures(id),
  author_id   integer REFERENCES users(id),
  text        text NOT NULL,
  figures     jsonb,
  created_at  timestamptz NOT NULL,
  search      tsvector GENERATED ALWAYS AS (zg_bigrams(text)) STORED
);
CREATE INDEX progress_problem ON progress_entries(problem_id, created_at);
CREATE INDEX progress_search ON progress_entries USING gin(search);

CREATE FUNCTION zg_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END $$;
CREATE TRIGGER progress_append_only BEFORE UPDATE OR DELETE ON progress_entries
  FOR EACH ROW EXECUTE FUNCTION zg_append_only();

-- Evidence files live content-addressed under <data dir>/evidence/<sm3[0:2]>/<sm3>.
CREATE TABLE evidence (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  progress_id  integer NOT NULL REFERENCES progress_entries(id) ON DELETE CASCADE,
  problem_id   integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  digest       text NOT NULL,
  filename     text NOT NULL,
  mime         text NOT NULL,
  size         integer NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX evidence_progress ON evidence(progress_id);
CREATE INDEX evidence_problem ON evidence(problem_id);

CREATE TABLE extensions (
  id                 integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  problem_id         integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  old_deadline       date,
  requested_deadline date NOT NULL,
  reason             text NOT NULL,
  status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused')),
  requested_by       integer NOT NULL REFERENCES users(id),
  requested_at       timestamptz NOT NULL,
  decided_by         integer REFERENCES users(id),
  decided_at         timestamptz,
  decision_reason    text
);
CREATE INDEX extensions_problem ON extensions(problem_id, requested_at);
-- at most one open request per problem
CREATE UNIQUE INDEX extensions_one_pending ON extensions(problem_id) WHERE status = 'pending';

-- Every workflow transition, with its actor and reason: the problem's history.
CREATE TABLE transitions (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  problem_id  integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  action      text NOT NULL,
  from_status text,
  to_status   text,
  actor_id    integer REFERENCES users(id),
  reason      text,
  created_at  timestamptz NOT NULL
);
CREATE INDEX transitions_problem ON transitions(problem_id, created_at);

-- The audit trail (等保: who, what, when, outcome). Each row carries the SM3 of the
-- previous row's hash and its own content, so a rewrite anywhere breaks the chain.
CREATE TABLE audit_log (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    integer,
  actor_name  text,
  action      text NOT NULL,
  object_type text,
  object_id   text,
  unit_id     integer,
  outcome     text NOT NULL DEFAULT 'success',
  detail      jsonb,
  ip          text,
  prev_hash   text NOT NULL,
  hash        text NOT NULL
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_object ON audit_log(object_type, object_id);
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION zg_append_only();

-- One row: the head of the audit chain. Writers lock it last in their transaction,
-- which orders the chain without deadlocks (every transaction takes it last).
CREATE TABLE audit_head (
  one       boolean PRIMARY KEY DEFAULT true CHECK (one),
  last_hash text NOT NULL
);
INSERT INTO audit_head (last_hash) VALUES (repeat('0', 64));

CREATE TABLE maintenance (
  task     text PRIMARY KEY,
  last_run timestamptz NOT NULL
);
