-- Issue 13 point 8: the names of the accountability register encrypted at rest (GB/T 39786). A name is kept as
-- SM4 ciphertext of the field encryption (person_name_enc, like feedback.name_enc) beside a blind index
-- (person_name_index: HMAC-SM3 of the normalised name under a key in KEY_DIR) that finds an exact name.
-- A migration has no key, so rows written before keep their name in person_name until the server (or a trust
-- command) opens the database and encrypts them (src/server/modules/registers/names.ts, sealPlainNames);
-- person_name is then NULL everywhere.
ALTER TABLE accountability_entries ADD COLUMN person_name_enc text, ADD COLUMN person_name_index text;

-- The old "a person has a name" check names person_name alone; it is unnamed, so it is found by its definition.
DO $$
DECLARE c text;
BEGIN
  FOR c IN
    SELECT conname FROM pg_constraint
     WHERE conrelid = 'accountability_entries'::regclass AND contype = 'c'
       AND pg_get_constraintdef(oid) LIKE '%person_name IS NOT NULL%'
  LOOP
    EXECUTE format('ALTER TABLE accountability_entries DROP CONSTRAINT %I', c);
  END LOOP;
END
$$;

ALTER TABLE accountability_entries
  ADD CONSTRAINT accountability_person_named CHECK (count_as = 'matter' OR person_name IS NOT NULL OR person_name_enc IS NOT NULL),
  -- a name is either still plain (before sealing) or sealed, never both
  ADD CONSTRAINT accountability_name_once CHECK (person_name IS NULL OR person_name_enc IS NULL),
  ADD CONSTRAINT accountability_name_sealed CHECK (
    (person_name_enc IS NULL) = (person_name_index IS NULL) AND (person_name_enc IS NULL OR person_name_enc LIKE 'zgf1.%'));

CREATE INDEX accountability_name_index ON accountability_entries(person_name_index) WHERE person_name_index IS NOT NULL;
