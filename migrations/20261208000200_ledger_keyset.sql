-- The ledger at city scale (issue 12): keyset paging over a stored tree key, one index per sort
-- and scope, and search over measures.

-- Tree order was an expression over the parents (their sort_order, then the node's): it could only be
-- sorted after reading every matching row. `tree_key` stores it: the sort_order of each ancestor,
-- outermost first, then the node's own ({2,1,3} is 二、（一）3.). A trigger keeps it, so every path that
-- creates, reorders or moves a node (editor, import, demo, plan import) keeps it right without knowing.
ALTER TABLE problems ADD COLUMN tree_key integer[];

UPDATE problems SET tree_key = ARRAY[sort_order] WHERE parent_id IS NULL;
UPDATE problems c SET tree_key = p.tree_key || c.sort_order FROM problems p WHERE c.parent_id = p.id AND p.parent_id IS NULL;
UPDATE problems c SET tree_key = p.tree_key || c.sort_order
  FROM problems p JOIN problems g ON g.id = p.parent_id WHERE c.parent_id = p.id AND g.parent_id IS NULL;
-- deeper than the ledger's three levels is refused elsewhere; should one exist, it still gets a key
UPDATE problems SET tree_key = ARRAY[sort_order] WHERE tree_key IS NULL;

-- Row-level BEFORE triggers see the rows an INSERT … SELECT inserted before the current one, so a
-- set-based import that inserts parents before their children gets the right keys too.
CREATE FUNCTION zg_tree_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.tree_key := COALESCE((SELECT tree_key FROM problems WHERE id = NEW.parent_id), '{}'::integer[]) || NEW.sort_order;
  RETURN NEW;
END $$;
CREATE TRIGGER problems_tree_key BEFORE INSERT OR UPDATE OF parent_id, sort_order ON problems
  FOR EACH ROW EXECUTE FUNCTION zg_tree_key();

-- A node that moved or was reordered carries its subtree along (at most two levels below it).
CREATE FUNCTION zg_tree_key_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE problems SET tree_key = NEW.tree_key || sort_order WHERE parent_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER problems_tree_key_children AFTER UPDATE OF parent_id, sort_order, tree_key ON problems
  FOR EACH ROW WHEN (OLD.tree_key IS DISTINCT FROM NEW.tree_key) EXECUTE FUNCTION zg_tree_key_children();

ALTER TABLE problems ALTER COLUMN tree_key SET NOT NULL;

-- One index per sort of the ledger (modules/problems/repository.ts, LEDGER_KEYS: the expressions must
-- stay identical), over the leaves only: with unit_id first for a unit's ledger, without for the
-- inspection office reading all its units. Descending sorts scan them backwards. Each ends in the
-- problem id, so a cursor names one position and no row is skipped or repeated between pages.
CREATE INDEX ledger_tree_unit ON problems (unit_id, inspection_id, tree_key, id) WHERE child_count = 0;
CREATE INDEX ledger_tree ON problems (inspection_id, tree_key, id) WHERE child_count = 0;
CREATE INDEX ledger_deadline_unit ON problems (unit_id, COALESCE(deadline, 'infinity'::date), inspection_id, tree_key, id)
  WHERE child_count = 0;
CREATE INDEX ledger_deadline ON problems (COALESCE(deadline, 'infinity'::date), inspection_id, tree_key, id) WHERE child_count = 0;
-- descending, the undated still come last: read backwards with them at the start
CREATE INDEX ledger_deadline_desc_unit ON problems (unit_id, COALESCE(deadline, '-infinity'::date), inspection_id, tree_key, id)
  WHERE child_count = 0;
CREATE INDEX ledger_deadline_desc ON problems (COALESCE(deadline, '-infinity'::date), inspection_id, tree_key, id)
  WHERE child_count = 0;
CREATE INDEX ledger_status_unit ON problems (
  unit_id, array_position(ARRAY['pending', 'in_progress', 'long_term', 'closure_requested', 'closed']::text[], status),
  inspection_id, tree_key, id) WHERE child_count = 0;
CREATE INDEX ledger_status ON problems (
  array_position(ARRAY['pending', 'in_progress', 'long_term', 'closure_requested', 'closed']::text[], status),
  inspection_id, tree_key, id) WHERE child_count = 0;
CREATE INDEX ledger_updated_unit ON problems (unit_id, updated_at, id) WHERE child_count = 0;
CREATE INDEX ledger_updated ON problems (updated_at, id) WHERE child_count = 0;
-- the tree index above starts with the same columns
DROP INDEX problems_unit_leaf;

-- The ledger's search reads measures too: character bigrams as on problems and progress entries.
ALTER TABLE measures ADD COLUMN search tsvector GENERATED ALWAYS AS (zg_bigrams(text)) STORED;
CREATE INDEX measures_search ON measures USING gin (search);
