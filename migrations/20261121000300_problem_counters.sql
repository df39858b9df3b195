-- Counters on the problem row, kept by the repositories in the same transaction as
-- the insert they count. The ledger shows them for every row of a page; computing
-- them per row made the ledger query's plan the slowest part of a request.

ALTER TABLE problems
  ADD COLUMN child_count    integer NOT NULL DEFAULT 0,
  ADD COLUMN measure_count  integer NOT NULL DEFAULT 0,
  ADD COLUMN progress_count integer NOT NULL DEFAULT 0,
  ADD COLUMN evidence_count integer NOT NULL DEFAULT 0;

UPDATE problems p SET
  child_count    = (SELECT count(*) FROM problems c WHERE c.parent_id = p.id),
  measure_count  = (SELECT count(*) FROM measures m WHERE m.problem_id = p.id),
  progress_count = (SELECT count(*) FROM progress_entries e WHERE e.problem_id = p.id),
  evidence_count = (SELECT count(*) FROM evidence v WHERE v.problem_id = p.id);

-- the ledger lists leaves of a unit in tree order
CREATE INDEX problems_unit_leaf ON problems(unit_id, inspection_id) WHERE child_count = 0;
