-- The tree key's trigger without its cost where it is not needed (issue 12: a 3,000-node import must
-- commit in a second, and a row trigger that looks up the parent added about a third to it on the
-- embedded engine). A writer that knows the key — the parent's key with the node's sort_order
-- appended, as a set-based import does once it has the previous level's ids — passes it, and the
-- trigger is not called at all (the WHEN is checked without entering PL/pgSQL); a writer that does
-- not, gets it computed as before. An update recomputes it only when the parent or the place changed.
DROP TRIGGER problems_tree_key ON problems;
CREATE TRIGGER problems_tree_key BEFORE INSERT ON problems
  FOR EACH ROW WHEN (NEW.tree_key IS NULL) EXECUTE FUNCTION zg_tree_key();
CREATE TRIGGER problems_tree_key_moved BEFORE UPDATE OF parent_id, sort_order ON problems
  FOR EACH ROW WHEN (OLD.parent_id IS DISTINCT FROM NEW.parent_id OR OLD.sort_order IS DISTINCT FROM NEW.sort_order)
  EXECUTE FUNCTION zg_tree_key();
