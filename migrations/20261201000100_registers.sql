-- The registers of issue 8: accountability (问责), rules (建章立制), clues handed over (问题线索移交) and the
-- work's own record (leading group, plan, meetings, supervision). Every row belongs to one inspection round and
-- carries the round's unit, denormalised as on problems, so scope checks need no join. Files (rules, minutes) are
-- stored in the content-addressed evidence store; register_files holds their digests.

CREATE TABLE accountability_entries (
  id                      integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id           integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  unit_id                 integer NOT NULL REFERENCES organizations(id),
  count_as                text NOT NULL CHECK (count_as IN ('person', 'matter')),
  -- personal data: shown only to the unit's 整改办, leaders, 纪检 and the inspection office
  person_name             text,
  position                text NOT NULL DEFAULT '',
  rank                    text NOT NULL DEFAULT '',
  form                    text NOT NULL CHECK (form IN (
                            '批评教育', '提醒谈话', '责令检查', '诫勉', '通报批评',
                            '调离岗位', '停职检查', '调整职务', '责令辞职', '免职', '降职',
                            '党内警告', '党内严重警告', '撤销党内职务', '留党察看', '开除党籍',
                            '政务警告', '记过', '记大过', '降级', '撤职', '开除')),
  transferred_to_judicial boolean NOT NULL DEFAULT false,
  decision_date           date NOT NULL,
  deciding_body           text NOT NULL,
  reason                  text NOT NULL DEFAULT '',
  created_by              integer REFERENCES users(id),
  created_at              timestamptz NOT NULL,
  updated_at              timestamptz NOT NULL,
  -- a person counted in 人次 has a name; a matter (件) is a body held accountable and may have none
  CHECK (count_as = 'matter' OR person_name IS NOT NULL),
  -- only an expulsion can be the fourth form (transferred to the judicial organs)
  CHECK (NOT transferred_to_judicial OR form IN ('开除党籍', '开除'))
);
CREATE INDEX accountability_inspection ON accountability_entries(inspection_id, decision_date, id);

CREATE TABLE accountability_problems (
  entry_id   integer NOT NULL REFERENCES accountability_entries(id) ON DELETE CASCADE,
  problem_id integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  PRIMARY KEY (entry_id, problem_id)
);
CREATE INDEX accountability_problems_problem ON accountability_problems(problem_id);

CREATE TABLE rules (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  unit_id       integer NOT NULL REFERENCES organizations(id),
  title         text NOT NULL,
  action        text NOT NULL CHECK (action IN ('made', 'revised', 'abolished')),
  doc_number    text NOT NULL DEFAULT '',   -- 文号, e.g. 江水党〔2026〕12号
  issued_date   date NOT NULL,
  issuing_body  text NOT NULL,
  note          text NOT NULL DEFAULT '',
  created_by    integer REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL
);
CREATE INDEX rules_inspection ON rules(inspection_id, issued_date, id);

CREATE TABLE rule_problems (
  rule_id    integer NOT NULL REFERENCES rules(id) ON DELETE CASCADE,
  problem_id integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  PRIMARY KEY (rule_id, problem_id)
);
CREATE INDEX rule_problems_problem ON rule_problems(problem_id);

CREATE TABLE clues (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  unit_id        integer NOT NULL REFERENCES organizations(id),
  clue_number    text NOT NULL DEFAULT '',
  received_date  date NOT NULL,
  -- personal data like the names of the accountability register: a clue names the people it concerns
  summary        text NOT NULL,
  handed_to      text NOT NULL CHECK (handed_to IN ('discipline', 'organisation', 'other')),
  handed_to_name text NOT NULL DEFAULT '',
  disposal       text CHECK (disposal IN ('inquiry', 'preliminary', 'case', 'shelved', 'concluded_off')),
  status         text NOT NULL CHECK (status IN ('received', 'in_progress', 'concluded')),
  result         text NOT NULL DEFAULT '',
  concluded_date date,
  created_by     integer REFERENCES users(id),
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  CHECK ((status = 'concluded') = (concluded_date IS NOT NULL)),
  CHECK (concluded_date IS NULL OR concluded_date >= received_date)
);
CREATE INDEX clues_inspection ON clues(inspection_id, received_date, id);

CREATE TABLE work_events (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  unit_id       integer NOT NULL REFERENCES organizations(id),
  kind          text NOT NULL CHECK (kind IN ('leading_group', 'plan', 'meeting', 'supervision', 'other')),
  meeting_kind  text CHECK (meeting_kind IN ('party_group', 'democratic_life', 'scheduling', 'promotion', 'other')),
  event_date    date NOT NULL,
  title         text NOT NULL,
  chair         text,
  members       jsonb NOT NULL DEFAULT '[]'::jsonb,
  detail        text NOT NULL DEFAULT '',
  created_by    integer REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  CHECK ((kind = 'meeting') = (meeting_kind IS NOT NULL))
);
CREATE INDEX work_events_inspection ON work_events(inspection_id, event_date, id);

-- A file of a rule (the document itself) or of a work event (minutes, the plan, the group's founding notice).
CREATE TABLE register_files (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id    integer NOT NULL REFERENCES organizations(id),
  rule_id    integer REFERENCES rules(id) ON DELETE CASCADE,
  event_id   integer REFERENCES work_events(id) ON DELETE CASCADE,
  digest     text NOT NULL,
  filename   text NOT NULL,
  mime       text NOT NULL,
  size       integer NOT NULL,
  created_by integer REFERENCES users(id),
  created_at timestamptz NOT NULL,
  CHECK ((rule_id IS NULL) <> (event_id IS NULL))
);
CREATE INDEX register_files_rule ON register_files(rule_id);
CREATE INDEX register_files_event ON register_files(event_id);
