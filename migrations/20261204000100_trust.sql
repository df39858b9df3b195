-- Trust (issue 13): the three administrators' security policy, passwords with
-- history and forced change, a TOTP second factor with recovery codes, session
-- limits, login throttling by name and address, a keyed audit chain and the
-- keyed seals that let `zhenggai verify` find business rows edited in the database.

-- The password must be changed before anything else is done: set when an
-- administrator (or `admin init`) chose it, cleared by the owner's own change.
ALTER TABLE users ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
-- The TOTP secret, SM4-encrypted with the field key (lib/crypto.ts); null until enrolled.
ALTER TABLE users ADD COLUMN totp_secret text;
-- A secret shown at enrolment and not yet confirmed by a first code.
ALTER TABLE users ADD COLUMN totp_pending text;
ALTER TABLE users ADD COLUMN totp_enabled_at timestamptz;
-- The last accepted 30-second step: a code is good once (RFC 6238 §5.2).
ALTER TABLE users ADD COLUMN totp_last_step bigint;

-- The hashes of earlier passwords (argon2id), newest kept; the policy's last N may not come back.
CREATE TABLE password_history (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id       integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, created_at DESC);

-- One-time recovery codes of the second factor, stored as SM3 of user id and code.
CREATE TABLE recovery_codes (
  user_id    integer NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  code_hash  text NOT NULL,
  created_at timestamptz NOT NULL,
  used_at    timestamptz,
  PRIMARY KEY (user_id, code_hash)
);

-- A number to show and name a session by (the primary key is the token's hash,
-- which never leaves the server), and whether its second factor was given.
ALTER TABLE sessions ADD COLUMN id integer GENERATED ALWAYS AS IDENTITY;
CREATE UNIQUE INDEX sessions_id ON sessions(id);
ALTER TABLE sessions ADD COLUMN mfa_passed boolean NOT NULL DEFAULT false;

-- Failed sign-ins counted per name that is not an account ('name:<lower name>')
-- and per client address ('addr:<ip>'). Names that are no account lock exactly
-- like accounts, so a lock tells nobody whether the account exists.
CREATE TABLE login_throttle (
  key          text PRIMARY KEY,
  failures     integer NOT NULL,
  first_at     timestamptz NOT NULL,
  locked_until timestamptz
);

-- The security policy set by the security administrator (one row). Absent: the
-- defaults from configuration apply.
CREATE TABLE security_policy (
  one        boolean PRIMARY KEY DEFAULT true CHECK (one),
  policy     jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by integer REFERENCES users(id)
);

-- Which hash a row of the chain carries: 'sm3' (rows written before the key
-- existed: a plain SM3 chain) or 'hmac-sm3' (keyed with the audit key, which
-- lives outside the database). Plain rows are allowed only before the first keyed one.
ALTER TABLE audit_log ADD COLUMN alg text NOT NULL DEFAULT 'sm3' CHECK (alg IN ('sm3', 'hmac-sm3'));

-- The audit trail stays append-only; the one exception is `zhenggai audit
-- archive`, which deletes rows it has first written to a signed archive file
-- and says so for its own transaction. (Anyone able to set this can also
-- disable the trigger: what protects the rows is the keyed chain and the
-- checkpoints outside the database, not the trigger.)
CREATE FUNCTION zg_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('zg.audit_archive', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'append-only table %: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = '42501';
END $$;
DROP TRIGGER audit_append_only ON audit_log;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION zg_audit_guard();

-- Keyed seals (HMAC-SM3 with a key derived from the audit key) of the business
-- rows whose silent edit would change a problem's history: transitions and
-- progress entries. Written in the transaction that writes the row.
CREATE TABLE integrity_seals (
  kind      text NOT NULL CHECK (kind IN ('transition', 'progress')),
  object_id bigint NOT NULL,
  seal      text NOT NULL,
  PRIMARY KEY (kind, object_id)
);
