-- Notice and ledger imports: the header mapping a unit corrected for its ledgers,
-- and one row per committed import (which document, by digest, made which round).

CREATE TABLE ledger_mappings (
  unit_id     integer NOT NULL REFERENCES organizations(id),
  name        text NOT NULL,
  mapping     jsonb NOT NULL,
  updated_by  integer REFERENCES users(id),
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (unit_id, name)
);

CREATE TABLE notice_imports (
  id             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id        integer NOT NULL REFERENCES organizations(id),
  inspection_id  integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  digest         text NOT NULL,
  filename       text,
  source         text NOT NULL,
  problems       integer NOT NULL,
  measures       integer NOT NULL,
  findings       jsonb,
  created_by     integer REFERENCES users(id),
  created_at     timestamptz NOT NULL
);
CREATE INDEX notice_imports_digest ON notice_imports(unit_id, digest);
