-- User names are unique regardless of case: "newaud" and "NEWAUD" are one person
-- to the people reading the audit trail, so they must be one account. Names are
-- ASCII (the user schema allows letters, digits, _ . -), so lower() does not
-- depend on the database's locale. Should two accounts differ only by case
-- already, this index cannot be built and the migration stops with the pair named;
-- rename one (UPDATE users SET username = ...) and start again.
CREATE UNIQUE INDEX users_username_lower ON users (lower(username));
