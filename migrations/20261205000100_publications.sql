-- Issue 8, points 8–9: publishing a notice version, and the public's feedback.

-- A publication freezes one saved version of a round's public notice (整改情况通报)
-- as the public reads it: its text and the exact .docx served, each with its SM3
-- digest. The .docx carries a footer naming the publication code and the digest
-- of the text, so the file's own digest (which cannot be written inside itself)
-- is recorded here and in the audit chain instead. Never rewritten, never deleted.
CREATE TABLE publications (
  id              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- the public code printed in the footer and used in /public/ addresses
  code            text NOT NULL UNIQUE,
  inspection_id   integer NOT NULL REFERENCES inspections(id),
  unit_id         integer NOT NULL REFERENCES organizations(id),
  kind            text NOT NULL CHECK (kind IN ('notice', 'report')),
  version_id      integer NOT NULL UNIQUE REFERENCES notice_versions(id),
  version_number  integer NOT NULL CHECK (version_number > 0),
  title           text NOT NULL,
  text            text NOT NULL,
  text_digest     text NOT NULL,            -- SM3 of the text (UTF-8), the version's own digest
  docx            bytea NOT NULL,
  docx_digest     text NOT NULL,            -- SM3 of the stored .docx bytes, footer included
  filename        text NOT NULL,
  -- the per-problem status table, when the unit chose to publish it (frozen with the version's data)
  status_table    jsonb,
  published_by    integer REFERENCES users(id),
  published_at    timestamptz NOT NULL
);
CREATE INDEX publications_unit ON publications(unit_id, published_at DESC);
CREATE INDEX publications_inspection ON publications(inspection_id);
CREATE INDEX publications_docx_digest ON publications(docx_digest);
CREATE INDEX publications_text_digest ON publications(text_digest);
CREATE TRIGGER publications_frozen BEFORE UPDATE OR DELETE ON publications
  FOR EACH ROW EXECUTE FUNCTION zg_append_only();

-- Feedback from the public (意见建议) to a unit. The tracking code is kept only as
-- its SM3 (a leaked table answers no code); the sender's name, phone and e-mail are
-- SM4 ciphertext under a key from the configuration, never stored in clear.
CREATE TABLE feedback (
  id                integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id           integer NOT NULL REFERENCES organizations(id),
  publication_id    integer REFERENCES publications(id),
  code_hash         text NOT NULL UNIQUE,
  subject           text NOT NULL,
  body              text NOT NULL,
  name_enc          text,
  phone_enc         text,
  email_enc         text,
  -- an attachment lives in the evidence store under its SM3
  attachment_digest text,
  attachment_name   text,
  attachment_mime   text,
  attachment_size   integer,
  status            text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'in_progress', 'answered')),
  answer            text,
  answered_by       integer REFERENCES users(id),
  answered_at       timestamptz,
  problem_id        integer REFERENCES problems(id) ON DELETE SET NULL,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  CHECK ((status = 'answered') = (answer IS NOT NULL))
);
CREATE INDEX feedback_unit ON feedback(unit_id, created_at DESC);
