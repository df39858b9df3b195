-- The ledger's count without reading the rows (issue 12). The office's first page counted up to 10,001
-- leaves for every request (6–10 ms at city scale, half the page's time); a unit admin's, the unit's
-- 500. The tally holds how many leaves each (unit, round, status) has, so a count filtered by nothing
-- but scope, round, unit and status is a sum over at most a few thousand rows, and exact.
--
-- Rows are deltas, appended by statement triggers: a write adds a row (+n / -n), it never updates a
-- shared counter row, so two writers in one unit never wait for each other or deadlock on the tally.
-- `zg_ledger_tally_compact()` folds the deltas into one row per key (the scheduler's tick runs it).
CREATE TABLE ledger_tally (
  unit_id int NOT NULL,
  inspection_id int NOT NULL,
  status text NOT NULL,
  n int NOT NULL
);
CREATE INDEX ledger_tally_key ON ledger_tally (unit_id, inspection_id, status);

INSERT INTO ledger_tally (unit_id, inspection_id, status, n)
  SELECT unit_id, inspection_id, status, count(*) FROM problems WHERE child_count = 0 GROUP BY 1, 2, 3;

CREATE FUNCTION zg_ledger_tally_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_tally (unit_id, inspection_id, status, n)
    SELECT unit_id, inspection_id, status, count(*) FROM tally_new WHERE child_count = 0 GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

CREATE FUNCTION zg_ledger_tally_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_tally (unit_id, inspection_id, status, n)
    SELECT unit_id, inspection_id, status, -count(*) FROM tally_old WHERE child_count = 0 GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;

-- Most updates of a problem (its plan, its counters, the time of its last progress) leave its key and
-- its being a leaf alone: they net to zero and add nothing.
CREATE FUNCTION zg_ledger_tally_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_tally (unit_id, inspection_id, status, n)
    SELECT unit_id, inspection_id, status, sum(d) FROM (
      SELECT unit_id, inspection_id, status, 1 AS d FROM tally_new WHERE child_count = 0
      UNION ALL
      SELECT unit_id, inspection_id, status, -1 FROM tally_old WHERE child_count = 0
    ) x GROUP BY 1, 2, 3 HAVING sum(d) <> 0;
  RETURN NULL;
END $$;

CREATE FUNCTION zg_ledger_tally_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM ledger_tally;
  RETURN NULL;
END $$;

CREATE TRIGGER problems_tally_insert AFTER INSERT ON problems REFERENCING NEW TABLE AS tally_new
  FOR EACH STATEMENT EXECUTE FUNCTION zg_ledger_tally_insert();
CREATE TRIGGER problems_tally_delete AFTER DELETE ON problems REFERENCING OLD TABLE AS tally_old
  FOR EACH STATEMENT EXECUTE FUNCTION zg_ledger_tally_delete();
CREATE TRIGGER problems_tally_update AFTER UPDATE ON problems REFERENCING OLD TABLE AS tally_old NEW TABLE AS tally_new
  FOR EACH STATEMENT EXECUTE FUNCTION zg_ledger_tally_update();
CREATE TRIGGER problems_tally_truncate AFTER TRUNCATE ON problems
  FOR EACH STATEMENT EXECUTE FUNCTION zg_ledger_tally_reset();

-- One row per key again, once the deltas outnumber the keys by `surplus` (folding a few thousand rows
-- on every scheduler pass would only churn the table). Deleting the rows it read and inserting their sums
-- in one statement leaves a concurrent writer's delta (not in this statement's snapshot) in place; a
-- second compaction at the same moment finds the rows already deleted and adds nothing for them.
-- Returns the number of rows folded away.
CREATE FUNCTION zg_ledger_tally_compact(surplus int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  before int;
  after int;
BEGIN
  SELECT count(*), count(DISTINCT (unit_id, inspection_id, status)) INTO before, after FROM public.ledger_tally;
  IF before - after <= surplus THEN
    RETURN 0;
  END IF;
  WITH gone AS (DELETE FROM public.ledger_tally RETURNING unit_id, inspection_id, status, n)
  INSERT INTO public.ledger_tally (unit_id, inspection_id, status, n)
    SELECT unit_id, inspection_id, status, sum(n) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
  GET DIAGNOSTICS after = ROW_COUNT;
  RETURN before - after;
END $$;
