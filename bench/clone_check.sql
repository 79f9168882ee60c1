-- Checks of the fast national-scale seed (bench/clone_prepare.sql, clone_tenant.sql). Owner: bench.
-- Run as the PostgreSQL superuser with psql variables :src (the source's kode) and :k (a clone to check; bench/run-nasional
-- checks the first and the last). Fails (psql exit 3) when a foreign key of tenant :k points
-- nowhere, a table of tenant :k has not as many rows as the source, a unit's path is not its
-- parent's path plus its id, a NIP of tenant :k breaks the rules of src/domain/nip.c, or any NIP
-- occurs twice in the database.
\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET jit = off;
SELECT iid FROM bench_clone.tenant WHERE k = :k \gset
SELECT id AS src FROM instansi WHERE kode = :'src' \gset
SELECT set_config('bench.iid', :'iid', false), set_config('bench.src', :'src', false) \g /dev/null
DO $$
DECLARE r record; n bigint; m bigint; iid bigint := current_setting('bench.iid')::bigint; src bigint := current_setting('bench.src')::bigint;
BEGIN
  -- every foreign key of a cloned table, restricted to the clone's rows
  FOR r IN SELECT f.conname, t.name,
                  (SELECT string_agg(format('s.%I', a.attname), ', ' ORDER BY u.o) FROM unnest(f.conkey) WITH ORDINALITY u(c, o)
                     JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = u.c) AS cols,
                  (SELECT string_agg(format('s.%I IS NOT NULL', a.attname), ' AND ') FROM unnest(f.conkey) u(c)
                     JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = u.c) AS notnull,
                  f.confrelid::regclass AS ref,
                  (SELECT string_agg(format('r.%I', a.attname), ', ' ORDER BY u.o) FROM unnest(f.confkey) WITH ORDINALITY u(c, o)
                     JOIN pg_attribute a ON a.attrelid = f.confrelid AND a.attnum = u.c) AS refcols
             FROM pg_constraint f JOIN bench_clone.tbl t ON t.rel = f.conrelid
            WHERE f.contype = 'f' AND t.stmt IS NOT NULL LOOP
    EXECUTE format('SELECT count(*) FROM %I s WHERE s.instansi_id = %s AND %s AND NOT EXISTS (SELECT 1 FROM %s r WHERE (%s) = (%s))',
                   r.name, iid, r.notnull, r.ref, r.refcols, r.cols) INTO n;
    IF n > 0 THEN RAISE EXCEPTION 'bench_clone: tenant %: % rows break %', iid, n, r.conname; END IF;
  END LOOP;
  FOR r IN SELECT name FROM bench_clone.tbl WHERE stmt IS NOT NULL LOOP
    EXECUTE format('SELECT count(*) FILTER (WHERE instansi_id = %s), count(*) FILTER (WHERE instansi_id = %s) FROM %I',
                   iid, src, r.name) INTO n, m;
    IF n <> m THEN RAISE EXCEPTION 'bench_clone: tenant %: % has % rows, the source %', iid, r.name, n, m; END IF;
  END LOOP;
  SELECT count(*) INTO n FROM unor u LEFT JOIN unor p ON p.instansi_id = u.instansi_id AND p.id = u.parent_id
   WHERE u.instansi_id = iid AND u.path <> COALESCE(p.path, '/') || u.id || '/';
  IF n > 0 THEN RAISE EXCEPTION 'bench_clone: tenant %: % unit paths are wrong', iid, n; END IF;
  -- src/domain/nip.c dom_nip_parse, today = now
  SELECT count(*) INTO n FROM pegawai p,
         LATERAL (SELECT substr(p.nip, 1, 4)::int AS by, substr(p.nip, 5, 2)::int AS bm, substr(p.nip, 7, 2)::int AS bd,
                         substr(p.nip, 9, 4)::int AS ty, substr(p.nip, 13, 2)::int AS tm, substr(p.nip, 15, 1)::int AS sx,
                         substr(p.nip, 16, 3)::int AS sq, extract(year FROM now())::int AS y, extract(month FROM now())::int AS mo) x
   WHERE p.instansi_id = iid AND NOT (
         p.nip ~ '^[0-9]{18}$' AND x.by BETWEEN x.y - 80 AND x.y - 18 AND x.bm BETWEEN 1 AND 12
     AND x.bd BETWEEN 1 AND extract(day FROM make_date(x.by, x.bm, 1) + interval '1 month - 1 day')
     AND (x.tm = 21 OR x.tm BETWEEN 1 AND 12)
     AND CASE WHEN x.tm = 21 THEN x.ty >= x.by + 18 ELSE x.ty * 12 + x.tm >= (x.by + 18) * 12 + x.bm END
     AND x.ty <= x.y AND NOT (x.ty = x.y AND x.tm <> 21 AND x.tm > x.mo)
     AND x.sx IN (1, 2) AND x.sq > 0);
  IF n > 0 THEN RAISE EXCEPTION 'bench_clone: tenant %: % NIPs break the NIP rules', iid, n; END IF;
  SELECT count(*) INTO n FROM (SELECT nip FROM pegawai GROUP BY nip HAVING count(*) > 1) d;
  IF n > 0 THEN RAISE EXCEPTION 'bench_clone: % NIPs occur more than once', n; END IF;
END $$;
