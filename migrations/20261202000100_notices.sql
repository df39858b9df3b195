-- The report (整改报告) and the public notice (整改情况通报) of a round: the office's
-- working draft, its frozen versions, and the unit's contact settings that a notice
-- gives the public for feedback.

-- One working draft per round and kind. Only the office's text lives here: every
-- figure is recomputed from the ledger and the registers when the document is composed.
CREATE TABLE notice_drafts (
  inspection_id integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('notice', 'report')),
  unit_id       integer NOT NULL REFERENCES organizations(id),
  content       jsonb NOT NULL,
  -- optimistic concurrency: a save names the revision it edited; a stale one is refused
  revision      integer NOT NULL DEFAULT 1,
  updated_by    integer REFERENCES users(id),
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (inspection_id, kind)
);

-- A version freezes the draft together with the data it was composed from, so it
-- renders the same document for ever, whatever the ledger says later.
CREATE TABLE notice_versions (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  inspection_id integer NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('notice', 'report')),
  unit_id       integer NOT NULL REFERENCES organizations(id),
  number        integer NOT NULL CHECK (number > 0),
  note          text NOT NULL DEFAULT '',
  content       jsonb NOT NULL,
  facts         jsonb NOT NULL,
  text          text NOT NULL,
  digest        text NOT NULL,              -- SM3 of the text
  created_by    integer REFERENCES users(id),
  created_at    timestamptz NOT NULL,
  UNIQUE (inspection_id, kind, number)
);
-- Frozen: a version is never rewritten (deleting the round may still remove it).
CREATE TRIGGER notice_versions_frozen BEFORE UPDATE ON notice_versions
  FOR EACH ROW EXECUTE FUNCTION zg_append_only();

-- The channel a notice gives the public (电话、通信地址、邮编、电子邮箱、网上反馈地址).
CREATE TABLE unit_contacts (
  unit_id     integer PRIMARY KEY REFERENCES organizations(id),
  phone       text,
  address     text,
  postcode    text,
  email       text,
  portal_url  text,
  updated_by  integer REFERENCES users(id),
  updated_at  timestamptz NOT NULL
);
