-- Issue 9, supervision: the light and reminder rules of each inspection office
-- (versioned), the in-app inbox, channels per unit with a delivery log, supervision
-- orders (督办单) with replies, weekly/monthly digests, key problems taken in hand
-- by a leader, formalism warnings kept with what was written, and the scheduler's
-- record of which periodic job ran for which period.

-- The rules an office runs its lights and reminders on. Every save is a new
-- version (who, when, a note); exactly one per office is current. An office
-- without a row runs on the defaults in src/domain/supervision.
CREATE TABLE supervision_rules (
  office_id          integer NOT NULL REFERENCES organizations(id),
  version            integer NOT NULL CHECK (version > 0),
  is_current         boolean NOT NULL,
  yellow_days        smallint NOT NULL CHECK (yellow_days BETWEEN 0 AND 90),
  stalled_days       smallint CHECK (stalled_days BETWEEN 1 AND 365),   -- null: no stalled rule
  order_yellow       boolean NOT NULL,
  order_overdue_red  boolean NOT NULL,
  remind_yellow      boolean NOT NULL,
  remind_red         boolean NOT NULL,
  escalate_red_days  smallint CHECK (escalate_red_days BETWEEN 1 AND 365), -- null: no escalation
  remind_stalled     boolean NOT NULL,
  order_remind_days  smallint NOT NULL CHECK (order_remind_days BETWEEN 0 AND 30),
  note               text NOT NULL DEFAULT '',
  created_by         integer REFERENCES users(id),
  created_at         timestamptz NOT NULL,
  PRIMARY KEY (office_id, version)
);
CREATE UNIQUE INDEX supervision_rules_current ON supervision_rules(office_id) WHERE is_current;

-- The rules each unit's lights follow (its office's current version). The light
-- SQL joins this view; a unit whose office has no version gets NULLs, which the
-- light SQL replaces by the defaults of the domain.
CREATE VIEW unit_light_rules AS
SELECT u.id AS unit_id, r.yellow_days, r.stalled_days, r.order_yellow, r.order_overdue_red
  FROM organizations u JOIN supervision_rules r ON r.office_id = u.parent_id AND r.is_current
 WHERE u.kind = 'unit';

-- What the lights need beyond the plan: when progress was last reported (stalled),
-- the supervision orders waiting for a reply and the earliest reply deadline among
-- them, and whether a leader has taken the problem in hand (重点难点, 领导领办).
-- Kept by the repositories in the transaction that changes what they summarise.
ALTER TABLE problems
  ADD COLUMN last_progress_at timestamptz,
  ADD COLUMN open_orders      integer NOT NULL DEFAULT 0,
  ADD COLUMN order_reply_due  date,
  ADD COLUMN is_key           boolean NOT NULL DEFAULT false,
  ADD COLUMN key_leader_id    integer REFERENCES users(id),
  ADD COLUMN key_marked_at    timestamptz;
UPDATE problems p SET last_progress_at = (SELECT max(e.created_at) FROM progress_entries e WHERE e.problem_id = p.id);
CREATE INDEX problems_key ON problems(unit_id) WHERE is_key;

-- The formalism rule's warnings on what was written, stored with the entry.
ALTER TABLE progress_entries ADD COLUMN formalism jsonb;

-- Weekly urging and monthly dispatch: which weekday and which day of the month, per unit.
CREATE TABLE unit_digest_settings (
  unit_id         integer PRIMARY KEY REFERENCES organizations(id),
  weekly_weekday  smallint NOT NULL CHECK (weekly_weekday BETWEEN 1 AND 7),  -- ISO: 1 = Monday
  monthly_day     smallint NOT NULL CHECK (monthly_day BETWEEN 1 AND 28),
  updated_by      integer REFERENCES users(id),
  updated_at      timestamptz NOT NULL
);

-- The in-app inbox. One row per person, subject and state: the unique key is what
-- makes "nobody receives the same reminder twice for the same state" hold even when
-- the daily evaluation runs twice, crashes half-way or runs on two servers.
CREATE TABLE notifications (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  unit_id      integer REFERENCES organizations(id),
  kind         text NOT NULL,
  subject_type text NOT NULL,
  subject_id   integer NOT NULL,
  state_key    text NOT NULL,
  title        text NOT NULL,
  body         text NOT NULL,
  link         text NOT NULL,
  created_at   timestamptz NOT NULL,
  read_at      timestamptz,
  UNIQUE (user_id, kind, subject_type, subject_id, state_key)
);
CREATE INDEX notifications_user ON notifications(user_id, id DESC);
CREATE INDEX notifications_unread ON notifications(user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_unit_day ON notifications(unit_id, created_at);

-- Group robots and mail of a unit. The DingTalk signing secret is kept to sign
-- each request; it is never sent back to the browser (only whether one is set).
CREATE TABLE notify_channels (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id     integer NOT NULL REFERENCES organizations(id),
  kind        text NOT NULL CHECK (kind IN ('dingtalk', 'wecom', 'email')),
  name        text NOT NULL,
  url         text,
  secret      text,
  email_to    text[] NOT NULL DEFAULT '{}',
  enabled     boolean NOT NULL DEFAULT true,
  created_by  integer REFERENCES users(id),
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  CHECK ((kind = 'email') = (url IS NULL))
);
CREATE INDEX notify_channels_unit ON notify_channels(unit_id);

-- The outbox: one row per message and channel, sent after the transaction that
-- made it committed, retried with exponential backoff. `dedupe_key` makes a
-- message of one period exist once per channel.
CREATE TABLE deliveries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel_id      integer NOT NULL REFERENCES notify_channels(id) ON DELETE CASCADE,
  unit_id         integer NOT NULL REFERENCES organizations(id),
  dedupe_key      text NOT NULL,
  title           text NOT NULL,
  body            text NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts        smallint NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL,
  sent_at         timestamptz,
  UNIQUE (channel_id, dedupe_key)
);
CREATE INDEX deliveries_due ON deliveries(next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX deliveries_unit ON deliveries(unit_id, id DESC);

-- Supervision orders (督办单): issued by a unit's 整改办 or by the inspection office
-- to a department on one or more problems. Numbered per issuing organisation and year.
CREATE TABLE supervision_orders (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id       integer NOT NULL REFERENCES organizations(id),
  issuer_org_id integer NOT NULL REFERENCES organizations(id),
  year          smallint NOT NULL,
  seq           integer NOT NULL CHECK (seq > 0),
  dept_id       integer NOT NULL REFERENCES organizations(id),
  leader_id     integer REFERENCES users(id),
  level         text NOT NULL CHECK (level IN ('general', 'key', 'listed')),
  demands       text NOT NULL,
  reply_due     date NOT NULL,
  status        text NOT NULL CHECK (status IN ('issued', 'replied', 'accepted', 'returned')),
  -- the reply deadline an escalation was made for: one escalation per missed deadline
  escalated_for date,
  issued_by     integer NOT NULL REFERENCES users(id),
  issued_at     timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  UNIQUE (issuer_org_id, year, seq)
);
CREATE INDEX supervision_orders_unit ON supervision_orders(unit_id, status);
CREATE INDEX supervision_orders_dept ON supervision_orders(dept_id, status);

CREATE TABLE supervision_order_problems (
  order_id   integer NOT NULL REFERENCES supervision_orders(id) ON DELETE CASCADE,
  problem_id integer NOT NULL REFERENCES problems(id) ON DELETE CASCADE,
  PRIMARY KEY (order_id, problem_id)
);
CREATE INDEX supervision_order_problems_problem ON supervision_order_problems(problem_id);

CREATE TABLE supervision_replies (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id    integer NOT NULL REFERENCES supervision_orders(id) ON DELETE CASCADE,
  author_id   integer NOT NULL REFERENCES users(id),
  text        text NOT NULL,
  formalism   jsonb,
  created_at  timestamptz NOT NULL
);
CREATE INDEX supervision_replies_order ON supervision_replies(order_id, id);

-- Evidence of a reply, content-addressed in the same store as progress evidence.
CREATE TABLE supervision_evidence (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  reply_id   integer NOT NULL REFERENCES supervision_replies(id) ON DELETE CASCADE,
  order_id   integer NOT NULL REFERENCES supervision_orders(id) ON DELETE CASCADE,
  digest     text NOT NULL,
  filename   text NOT NULL,
  mime       text NOT NULL,
  size       integer NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX supervision_evidence_order ON supervision_evidence(order_id);

-- Every step of an order (issue, reply, accept, return, escalate): its history.
CREATE TABLE supervision_order_events (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_id    integer NOT NULL REFERENCES supervision_orders(id) ON DELETE CASCADE,
  action      text NOT NULL,
  from_status text,
  to_status   text,
  actor_id    integer REFERENCES users(id),
  reason      text,
  detail      jsonb,
  created_at  timestamptz NOT NULL
);
CREATE INDEX supervision_order_events_order ON supervision_order_events(order_id, id);

-- A weekly or monthly digest of a unit, once per period, with the data it showed.
CREATE TABLE digests (
  id         integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id    integer NOT NULL REFERENCES organizations(id),
  kind       text NOT NULL CHECK (kind IN ('weekly', 'monthly')),
  period     text NOT NULL,
  as_of      date NOT NULL,
  data       jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (unit_id, kind, period)
);

-- The scheduler: one row per periodic job and period. Whoever inserts or takes
-- over the row (its lease run out) runs the job; `done` rows are never run again.
-- This is what makes a periodic job run once per period with several app servers
-- and after a crash (see docs/ARCHITECTURE.md, "Scheduler").
CREATE TABLE scheduler_runs (
  job          text NOT NULL,
  period       text NOT NULL,
  status       text NOT NULL CHECK (status IN ('running', 'done')),
  owner        text NOT NULL,
  attempts     integer NOT NULL DEFAULT 1,
  lease_until  timestamptz NOT NULL,
  -- how far a job cut into batches got (a resumed run starts there)
  cursor       jsonb,
  result       jsonb,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  PRIMARY KEY (job, period)
);
