-- The band-key index of the recurrence signatures answers a lookup per (problem, band)
-- key. With GIN's default fast update, newly signed rows wait in an unsorted pending
-- list that every lookup reads whole until a VACUUM merges it — and PGlite has no
-- autovacuum: measured at 20k signatures, 455 pages read per lookup, 36 s for a check
-- of 60 problems. Inserting straight into the index costs little at our write rates.
ALTER INDEX problem_signatures_bands SET (fastupdate = off);
SELECT gin_clean_pending_list('problem_signatures_bands'::regclass);
