-- Issue 7 point 19: a unit's 整改办 keeps its departments and its responsible leaders.
-- A department is ordered and deactivated, never deleted: problems, measures and
-- progress keep pointing at it. A leader is an account holding the leader role;
-- the profile adds what the plan and the leaders' list show (职务, 分管 areas) and
-- whether the entry was made with a sign-in.
ALTER TABLE organizations
  ADD COLUMN sort_order integer,
  ADD COLUMN is_active boolean NOT NULL DEFAULT true;

CREATE TABLE leader_profiles (
  user_id    integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  unit_id    integer NOT NULL REFERENCES organizations(id),
  title      text NOT NULL DEFAULT '',
  areas      text NOT NULL DEFAULT '',
  sign_in    boolean NOT NULL DEFAULT true,
  PRIMARY KEY (user_id, unit_id)
);
