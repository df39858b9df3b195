-- Issue 7, the daily work: per-unit settings (consistency rules and review
-- chains), the review step of a closure or extension request, measures marked
-- not applicable with a reason, a detail on history rows (a plan change keeps
-- its before and after), and idempotency keys of import commits.

-- One row per unit that changed a default; a unit without a row runs on the
-- defaults in src/domain/workflow (rules on, one review step).
CREATE TABLE unit_settings (
  unit_id                          integer PRIMARY KEY REFERENCES organizations(id),
  closure_needs_measures_done      boolean NOT NULL DEFAULT true,
  measure_deadline_within_problem  boolean NOT NULL DEFAULT true,
  measure_done_starts_problem      boolean NOT NULL DEFAULT true,
  -- [{"role": "unit_admin", "name": "整改办初审"}, …], one to three steps
  closure_chain                    jsonb NOT NULL,
  extension_chain                  jsonb NOT NULL,
  updated_by                       integer REFERENCES users(id),
  updated_at                       timestamptz NOT NULL
);

-- A closure request runs through the chain the unit had when it was made (a
-- settings change does not move requests already on their way): the chain is
-- copied onto the problem, with the step waiting and who approved earlier steps.
ALTER TABLE problems
  ADD COLUMN review_chain     jsonb,
  ADD COLUMN review_step      smallint,
  ADD COLUMN review_approvers integer[] NOT NULL DEFAULT '{}';

ALTER TABLE extensions
  ADD COLUMN chain     jsonb,
  ADD COLUMN step      smallint NOT NULL DEFAULT 0,
  ADD COLUMN approvers integer[] NOT NULL DEFAULT '{}';

-- requests already waiting run on today's one step
UPDATE problems SET review_step = 0, review_chain = '[{"role": "unit_admin_or_leader", "name": "销号审核"}]'
 WHERE status = 'closure_requested';
UPDATE extensions SET chain = '[{"role": "unit_admin_or_leader", "name": "延期审批"}]' WHERE status = 'pending';

-- 不适用: a measure that turned out not to apply, with the reason (a closure may then go ahead without it)
ALTER TABLE measures DROP CONSTRAINT measures_status_check;
ALTER TABLE measures ADD CONSTRAINT measures_status_check CHECK (status IN ('pending', 'in_progress', 'done', 'not_applicable'));
ALTER TABLE measures ADD COLUMN status_reason text;
ALTER TABLE measures ADD CONSTRAINT measures_not_applicable_reason CHECK (status <> 'not_applicable' OR status_reason IS NOT NULL);

-- what a history row needs beyond its reason: a plan change's before and after, a review step's name
ALTER TABLE transitions ADD COLUMN detail jsonb;

-- An import commit carries a key the browser made; a repeated key (a double
-- click, a retry after a lost answer) gets the first commit's result back.
CREATE TABLE import_commits (
  actor_id   integer NOT NULL REFERENCES users(id),
  key        text NOT NULL,
  unit_id    integer NOT NULL REFERENCES organizations(id),
  digest     text NOT NULL,
  result     jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (actor_id, key)
);
