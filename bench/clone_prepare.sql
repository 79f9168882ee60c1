-- Fast national-scale seed for bench/run-nasional, step 1 of 2. Owner: bench.
-- Run as the PostgreSQL superuser (bench/run-nasional: kn_psql) once, after tenant :src was
-- loaded the normal way (import API + bench/seed_cycle.sql), with psql variables
--   :src (source tenant kode), :prefix (kode prefix of the clones), :n (tenants in all: the
--   clones are :prefix || 2 .. :prefix || :n).
-- Builds schema bench_clone: one INSERT ... SELECT per tenant-scoped table that holds rows of
-- :src (bench/clone_tenant.sql runs them for each clone), the clones' instansi rows and the NIP
-- and name map; advances every identity sequence past the clones' ids.
-- Ids: a table's ids of :src lie in 1..span (span = its sequence's last value, :src being the only
-- tenant loaded); clone k gets id + (k - 1) * span, and every column that refers to a tenant
-- table (declared composite foreign key, or the name <table>_id) the same shift of its target.
-- unor.path is rewritten with the shifted ids, skp.penilai_snapshot gets the clone's NIP, name
-- and unit, any other text holding an 18-digit NIP gets the clone's NIP.
-- NIPs of clone k keep the source's birth year, TMT and sex, so they pass the rules of
-- src/domain/nip.c (birth year, at least 18 at TMT, PPPK code 21, sex 1/2, serial not 000); birth
-- day 29-31 (gen_demo.py draws days 1-28 only: checked below, so a clone never meets a source
-- NIP) and serial encode (k, rank of the NIP among the source NIPs of the same birth year, TMT and
-- sex): unique across all tenants by construction, checked after the clone (clone_check.sql).
-- Not cloned: the audit trail and change feed (audit_log, perubahan_txn), idempotency records,
-- API clients, webhooks, jobs, KKE snapshots (none of them is read by the measured paths).
\set ON_ERROR_STOP on
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_clone CASCADE;
CREATE SCHEMA bench_clone;
SELECT id AS src FROM instansi WHERE kode = :'src' \gset
SELECT set_config('bench.src', :'src', false) \g /dev/null

CREATE TABLE bench_clone.skip (rel text PRIMARY KEY);
INSERT INTO bench_clone.skip VALUES ('audit_log'), ('perubahan_txn'), ('idempotensi'), ('klien'), ('klien_rahasia'),
  ('klien_percobaan'), ('webhook'), ('webhook_status'), ('webhook_pengiriman'), ('pekerjaan'), ('jadwal'), ('siasn_sync_log'),
  ('kke'), ('kke_temuan');  -- a KKE's findings name their entities by id in text: the bench runs the KKE of the source only

-- every tenant-scoped table with its id span (0 when it has no identity id)
CREATE TABLE bench_clone.tbl (rel regclass PRIMARY KEY, name text UNIQUE, has_id boolean, span bigint, nrows bigint,
                              seq text, stmt text);
DO $$
DECLARE r record; sp bigint; n bigint; sq text;
BEGIN
  FOR r IN SELECT c.oid::regclass AS rel, c.relname::text AS name,
                  EXISTS (SELECT 1 FROM pg_attribute i WHERE i.attrelid = c.oid AND i.attname = 'id' AND i.attidentity <> '') AS has_id
             FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'instansi_id' AND NOT a.attisdropped
            WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p') LOOP
    sq := CASE WHEN r.has_id THEN pg_get_serial_sequence(r.rel::text, 'id') END;
    sp := 0;
    IF sq IS NOT NULL THEN EXECUTE format('SELECT COALESCE(max(id), 0) FROM %s', r.rel) INTO sp; END IF;
    EXECUTE format('SELECT count(*) FROM %s WHERE instansi_id = %s', r.rel, current_setting('bench.src')) INTO n;
    INSERT INTO bench_clone.tbl VALUES (r.rel, r.name, r.has_id, sp, n, sq, NULL);
  END LOOP;
END $$;
DO $$
BEGIN  -- the id shift needs :src to be the only tenant loaded
  IF EXISTS (SELECT 1 FROM instansi WHERE id <> current_setting('bench.src')::bigint) THEN
    RAISE EXCEPTION 'bench_clone: tenant % must be the only instansi', current_setting('bench.src');
  END IF;
END $$;

-- ---- NIP and name map -------------------------------------------------------------------------
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pegawai WHERE instansi_id = current_setting('bench.src')::bigint AND substr(nip, 7, 2)::int > 28) THEN
    RAISE EXCEPTION 'bench_clone: a source NIP has birth day > 28 (clones use days 29-31)';
  END IF;
END $$;
-- (month, day) birth dates that exist in every year and that the source never uses
CREATE TABLE bench_clone.hari AS
SELECT row_number() OVER (ORDER BY m, d) - 1 AS i, m, d
  FROM generate_series(1, 12) m, generate_series(29, 31) d
 WHERE m <> 2 AND d <= extract(day FROM (make_date(2001, m, 1) + interval '1 month - 1 day'));
CREATE TABLE bench_clone.nip_src AS
SELECT nip, row_number() OVER (PARTITION BY substr(nip, 1, 4), substr(nip, 9, 7) ORDER BY nip) - 1 AS r
  FROM pegawai WHERE instansi_id = :src;
SELECT max(r) + 1 AS grp, (SELECT count(*) FROM bench_clone.hari) * 999 AS slots FROM bench_clone.nip_src \gset
SELECT (:n - 1) * :grp <= :slots AS fits \gset
\if :fits
\else
  \echo 'bench_clone: too many tenants for the NIP encoding'
  \quit 3
\endif
CREATE TABLE bench_clone.syl (i int PRIMARY KEY, s text);
INSERT INTO bench_clone.syl SELECT o - 1, s FROM unnest(ARRAY['ra','ni','wi','ja','su','har','to','me','la','di','an','sa','ri',
  'ya','ko','ma','na','ti','bu','dar','se','tya','gus','ba','yu','nin','pra','si','wa','lu']) WITH ORDINALITY t(s, o);
CREATE FUNCTION bench_clone.word(h int, n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT initcap(string_agg((SELECT s FROM bench_clone.syl WHERE i = (hashint8(h::bigint * 100 + j) % 30 + 30) % 30), '' ORDER BY j))
    FROM generate_series(1, n) j $$;
CREATE TABLE bench_clone.nipmap (k int, old text, new text, nama text, PRIMARY KEY (k, old));
INSERT INTO bench_clone.nipmap
SELECT k, x.nip, substr(x.nip, 1, 4) || lpad(h.m::text, 2, '0') || lpad(h.d::text, 2, '0') || substr(x.nip, 9, 7)
         || lpad((slot % 999 + 1)::text, 3, '0'),
       bench_clone.word(hashtext(x.nip) # k, 2) || ' ' || bench_clone.word(hashtext(x.nip) # (k * 31), 2 + ((hashtext(x.nip) # k) & 1))
  FROM bench_clone.nip_src x CROSS JOIN generate_series(2, :n) k
  CROSS JOIN LATERAL (SELECT (k - 2) * :grp + x.r AS slot) s
  JOIN bench_clone.hari h ON h.i = s.slot / 999;
ANALYZE bench_clone.nipmap;

-- ---- the clones' instansi rows ---------------------------------------------------------------
CREATE TABLE bench_clone.tenant (k int PRIMARY KEY, iid bigint UNIQUE);
SET session_replication_role = replica;  -- instansi's triggers would seed the tenant's reference tables: cloned instead
SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS icols FROM pg_attribute
 WHERE attrelid = 'instansi'::regclass AND attnum > 0 AND NOT attisdropped AND attname NOT IN ('id', 'kode', 'nama', 'unor_setda_id') \gset
SELECT span AS unor_span FROM bench_clone.tbl WHERE name = 'unor' \gset
WITH k AS (SELECT generate_series(2, :n) AS k),
ins AS (INSERT INTO instansi (kode, nama, unor_setda_id, :icols)
        SELECT :'prefix' || k.k, i.nama || ' ' || k.k, i.unor_setda_id + (k.k - 1) * :unor_span, :icols
          FROM instansi i, k WHERE i.id = :src ORDER BY k.k RETURNING id, kode)
INSERT INTO bench_clone.tenant SELECT substr(kode, length(:'prefix') + 1)::int, id FROM ins;
RESET session_replication_role;

-- ---- one INSERT ... SELECT per table ----------------------------------------------------------------
-- bench_clone.ref: which tenant table a bigint column points at (declared composite foreign key to
-- (instansi_id, id), else the name <table>_id or ..._<table>_id as skp.penilai_pegawai_id;
-- unor_riwayat.parent_id is a unor)
CREATE TABLE bench_clone.ref AS
SELECT t.name, a.attname::text AS col, a.attnum,
       COALESCE((SELECT rt.name FROM pg_constraint f JOIN bench_clone.tbl rt ON rt.rel = f.confrelid
                  WHERE f.contype = 'f' AND f.conrelid = t.rel AND array_length(f.conkey, 1) = 2 AND a.attnum = f.conkey[2]
                    AND (SELECT attname FROM pg_attribute WHERE attrelid = f.confrelid AND attnum = f.confkey[2]) = 'id'
                  LIMIT 1),
                (SELECT rt.name FROM bench_clone.tbl rt
                  WHERE rt.has_id AND (a.attname = rt.name || '_id' OR a.attname LIKE '%\_' || rt.name || '\_id')
                  ORDER BY length(rt.name) DESC LIMIT 1),
                CASE WHEN t.name = 'unor_riwayat' AND a.attname = 'parent_id' THEN 'unor' END) AS target
  FROM bench_clone.tbl t JOIN pg_attribute a ON a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped
 WHERE a.atttypid = 'bigint'::regtype AND a.attname NOT IN ('instansi_id', 'id');
DO $$
DECLARE bad text;
BEGIN
  SELECT string_agg(r.name || '.' || r.col, ', ') INTO bad FROM bench_clone.ref r JOIN bench_clone.tbl t ON t.name = r.name
   WHERE r.target IS NULL AND r.col LIKE '%\_id' AND t.nrows > 0 AND t.name NOT IN (SELECT rel FROM bench_clone.skip);
  IF bad IS NOT NULL THEN RAISE EXCEPTION 'bench_clone: id columns without a known target: %', bad; END IF;
END $$;

-- text columns holding a NIP somewhere in :src (a clone gets its own NIP there)
CREATE TABLE bench_clone.nipcol (name text, col text);
DO $$
DECLARE r record; hit boolean;
BEGIN
  FOR r IN SELECT t.name, a.attname::text AS col, a.atttypid::regtype AS typ FROM bench_clone.tbl t
             JOIN pg_attribute a ON a.attrelid = t.rel AND a.attnum > 0 AND NOT a.attisdropped
            WHERE a.atttypid IN ('text'::regtype, 'jsonb'::regtype) AND t.nrows > 0
              AND (t.name, a.attname::text) NOT IN (('pegawai', 'nip'), ('skp', 'penilai_snapshot'))
              AND t.name NOT IN (SELECT rel FROM bench_clone.skip) LOOP
    EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I::text ~ ''[0-9]{18}'')', r.name, r.col) INTO hit;
    IF hit AND r.typ = 'jsonb'::regtype THEN RAISE EXCEPTION 'bench_clone: %.% holds a NIP in a document', r.name, r.col; END IF;
    IF hit THEN
      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I ~ ''[0-9]{18}.*[0-9]{18}'')', r.name, r.col) INTO hit;
      IF hit THEN RAISE EXCEPTION 'bench_clone: %.% holds two NIPs in one value', r.name, r.col; END IF;
      INSERT INTO bench_clone.nipcol VALUES (r.name, r.col);
    END IF;
  END LOOP;
END $$;

-- the penilai snapshot (src/api/penilai.c describe()): NIP, name and unit of the clone
CREATE FUNCTION bench_clone.who(o jsonb, kk int, uoff bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN o ? 'nip' THEN o || jsonb_build_object('nip', m.new, 'nama', m.nama, 'unor_id', (o->>'unor_id')::bigint + uoff)
              ELSE o END
    FROM (SELECT 1) one LEFT JOIN bench_clone.nipmap m ON m.k = kk AND m.old = o->>'nip' $$;
CREATE FUNCTION bench_clone.snapshot(j jsonb, kk int, uoff bigint) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT j || CASE WHEN j ? 'pejabat_penilai' THEN jsonb_build_object('pejabat_penilai', bench_clone.who(j->'pejabat_penilai', kk, uoff)) ELSE '{}' END
           || CASE WHEN j ? 'atasan_penilai' THEN jsonb_build_object('atasan_penilai', bench_clone.who(j->'atasan_penilai', kk, uoff)) ELSE '{}' END $$;

UPDATE bench_clone.tbl t SET stmt = format('INSERT INTO %I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %I s, cur c WHERE s.instansi_id = %s',
         t.name, cols.names, cols.exprs, t.name, :src)
  FROM (SELECT t2.name,
               string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS names,
               string_agg(CASE
                 WHEN a.attname = 'instansi_id' THEN 'c.iid'
                 WHEN a.attname = 'id' AND t2.has_id THEN format('s.id + (c.k - 1) * %s', t2.span)
                 WHEN r.target IS NOT NULL THEN format('s.%I + (c.k - 1) * %s', a.attname, (SELECT span FROM bench_clone.tbl WHERE name = r.target))
                 WHEN t2.name = 'pegawai' AND a.attname = 'nip' THEN '(SELECT m.new FROM bench_clone.nipmap m WHERE m.k = c.k AND m.old = s.nip)'
                 WHEN t2.name = 'pegawai' AND a.attname = 'nama' THEN '(SELECT m.nama FROM bench_clone.nipmap m WHERE m.k = c.k AND m.old = s.nip)'
                 WHEN t2.name = 'unor' AND a.attname = 'path' THEN format(
                   '''/'' || (SELECT string_agg((x::bigint + (c.k - 1) * %s)::text, ''/'' ORDER BY o) FROM unnest(string_to_array(trim(BOTH ''/'' FROM s.path), ''/'')) WITH ORDINALITY u(x, o)) || ''/''',
                   t2.span)
                 WHEN t2.name = 'skp' AND a.attname = 'penilai_snapshot' THEN format('bench_clone.snapshot(s.penilai_snapshot, c.k, (c.k - 1) * %s)', :unor_span)
                 WHEN nc.col IS NOT NULL THEN format(
                   'COALESCE((SELECT replace(s.%1$I, m.old, m.new) FROM bench_clone.nipmap m WHERE m.k = c.k AND m.old = substring(s.%1$I FROM ''[0-9]{18}'')), s.%1$I)',
                   a.attname)
                 ELSE 's.' || quote_ident(a.attname) END, ', ' ORDER BY a.attnum) AS exprs
          FROM bench_clone.tbl t2
          JOIN pg_attribute a ON a.attrelid = t2.rel AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
          LEFT JOIN bench_clone.ref r ON r.name = t2.name AND r.col = a.attname
          LEFT JOIN bench_clone.nipcol nc ON nc.name = t2.name AND nc.col = a.attname
         GROUP BY t2.name) cols
 WHERE cols.name = t.name AND t.nrows > 0 AND t.name NOT IN (SELECT rel FROM bench_clone.skip);

-- ids of the clones are below n * span: the sequences continue above them
SELECT format('SELECT setval(%L, GREATEST((SELECT last_value FROM %s), %s))', seq, seq, :n * span)
  FROM bench_clone.tbl WHERE seq IS NOT NULL AND span > 0 \gexec
GRANT USAGE ON SCHEMA bench_clone TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA bench_clone TO PUBLIC;  -- bench/run-nasional reads the spans as the schema owner
SELECT name, nrows FROM bench_clone.tbl WHERE stmt IS NOT NULL ORDER BY name;
