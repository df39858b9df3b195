-- The newest progress entries first: the ledger's search reads a word's newest matching entries (problems/repository.ts,
-- SOURCE_CAP) and, for a word found in a third of a city's million entries, walking this index backwards and checking
-- each entry finds them long before the word's bigram index could list all its matches.
CREATE INDEX progress_created ON progress_entries (created_at);
