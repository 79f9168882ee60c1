-- Schedules, job runs and reminders (issue 19): the cycle on time without anyone watching.
-- jadwal: a cron-like schedule per instansi and job kind (src/domain/cron.c decides the next
-- time; the scheduler moves berikut_at forward with a compare-and-swap, so one occurrence is
-- queued once however many schedulers run). pekerjaan: one run, queued by a schedule or by
-- POST /v1/pekerjaan and the long SIASN/KKE routes, claimed by `kinerja scheduler` with a lease
-- (sewa_sampai) like the webhook worker's; a crashed run is taken over once the lease expires.
-- pengingat: one row per item and stage (due soon, overdue) found by the reminder scan; the
-- unique key is what makes a reminder fire once. Audited, so each reaches the change feed and
-- webhooks as pengingat.jatuh_tempo / pengingat.terlambat. Owner: jobs (src/jobs/).

-- The deadline settings of the reminders, beside instansi (a row once PATCH /v1/instansi sets
-- one; instansi_tenggat_of answers the defaults until then): the due-soon lead, the days to
-- rate after a period's filling window, the days for a PD to answer a KKE.
CREATE TABLE instansi_tenggat (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  pengingat_hari int NOT NULL CHECK (pengingat_hari BETWEEN 1 AND 60),
  penilaian_hari int NOT NULL CHECK (penilaian_hari BETWEEN 1 AND 90),
  kke_jawab_hari int NOT NULL CHECK (kke_jawab_hari BETWEEN 1 AND 90),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id)
);
SELECT tenant_rls('instansi_tenggat', 'SELECT, INSERT, UPDATE');

CREATE TABLE jadwal (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  jenis text NOT NULL CHECK (jenis IN ('siasn_pull', 'siasn_push', 'siasn_import', 'kke', 'pengingat', 'purge', 'statistik')),
  cron text NOT NULL CHECK (length(cron) BETWEEN 9 AND 200),
  utc_offset_menit int NOT NULL DEFAULT 420 CHECK (utc_offset_menit BETWEEN -720 AND 840),
  parameter jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(parameter) = 'object'),
  aktif boolean NOT NULL DEFAULT true,
  berikut_at timestamptz NOT NULL,      -- next occurrence (from the cron, in utc_offset_menit)
  terakhir_at timestamptz,              -- when the last occurrence was queued
  dibuat_oleh text NOT NULL,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id)
);
CREATE INDEX jadwal_due_idx ON jadwal (berikut_at) WHERE aktif;
SELECT tenant_rls('jadwal', 'SELECT, INSERT, UPDATE');

CREATE TABLE pekerjaan (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  jadwal_id bigint,
  jenis text NOT NULL CHECK (jenis IN ('siasn_pull', 'siasn_push', 'siasn_import', 'kke', 'pengingat', 'purge', 'statistik')),
  parameter jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'MENUNGGU' CHECK (status IN ('MENUNGGU', 'BERJALAN', 'SELESAI', 'GAGAL')),
  -- who asked: the run acts as them (actor, roles, nip, scope of the token; system:scheduler
  -- with admin_bkpsdm for a schedule)
  actor text NOT NULL,
  roles text NOT NULL,
  nip text,
  scope text,
  percobaan int NOT NULL DEFAULT 0,
  pemilik text,                         -- the scheduler process holding the lease
  sewa_sampai timestamptz,
  mulai_at timestamptz,
  selesai_at timestamptz,
  durasi_ms int,
  ringkasan jsonb,                      -- the run's report (what the synchronous route answered)
  galat text,
  version int NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  FOREIGN KEY (instansi_id, jadwal_id) REFERENCES jadwal (instansi_id, id)
);
CREATE INDEX pekerjaan_antre_idx ON pekerjaan (created_at) WHERE status IN ('MENUNGGU', 'BERJALAN');
CREATE INDEX pekerjaan_list_idx ON pekerjaan (instansi_id, id DESC);
SELECT tenant_rls('pekerjaan', 'SELECT, INSERT, UPDATE, DELETE');

CREATE TABLE pengingat (
  instansi_id bigint NOT NULL DEFAULT app_instansi_id() REFERENCES instansi(id),
  id bigint GENERATED ALWAYS AS IDENTITY,
  jenis text NOT NULL CHECK (jenis IN ('skp', 'realisasi', 'evaluasi_periodik', 'evaluasi_tahunan', 'keberatan',
                                       'kke_jawaban', 'tindak_lanjut')),
  kunci text NOT NULL,                  -- the item: 'skp/12', 'periode/40', 'keberatan/3', 'kke/7'
  tahap text NOT NULL CHECK (tahap IN ('jatuh_tempo', 'terlambat')),
  pegawai_id bigint,                    -- who must act (NULL: the PD as a whole, or the Kepala Daerah)
  unor_id bigint,                       -- the Perangkat Daerah of the item
  jatuh_tempo date NOT NULL,
  keterangan text NOT NULL,
  pekerjaan_id bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (instansi_id, id),
  UNIQUE (instansi_id, jenis, kunci, tahap),
  FOREIGN KEY (instansi_id, pegawai_id) REFERENCES pegawai (instansi_id, id),
  FOREIGN KEY (instansi_id, unor_id) REFERENCES unor (instansi_id, id)
);
CREATE INDEX pengingat_pegawai_idx ON pengingat (instansi_id, pegawai_id);
CREATE INDEX pengingat_unor_idx ON pengingat (instansi_id, unor_id, id);
SELECT tenant_rls('pengingat', 'SELECT, INSERT');

-- the purge of webhook delivery logs walks by time (webhook_pengiriman_purge, a definer)
CREATE INDEX webhook_pengiriman_dikirim_idx ON webhook_pengiriman (instansi_id, dikirim_at);
