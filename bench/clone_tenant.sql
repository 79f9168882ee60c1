-- Fast national-scale seed for bench/run-nasional, step 2 of 2. Owner: bench.
-- Run as the PostgreSQL superuser in one transaction (psql -1) per clone, with psql variable :k
-- (the clone's number), after bench/clone_prepare.sql. Copies every tenant-scoped row of the
-- source tenant into tenant :k with the statements clone_prepare.sql built. Triggers and
-- foreign-key checks are off (session_replication_role = replica): the rows are copies of a
-- consistent tenant with every reference shifted alike; bench/clone_check.sql checks the foreign
-- keys, the NIPs and the row counts afterwards. Indexes are maintained as usual.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET session_replication_role = replica;
SET synchronous_commit = off;
SET jit = off;
CREATE TEMP TABLE cur AS SELECT k, iid FROM bench_clone.tenant WHERE k = :k;
SELECT stmt FROM bench_clone.tbl WHERE stmt IS NOT NULL ORDER BY name \gexec
