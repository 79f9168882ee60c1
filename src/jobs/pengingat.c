/* The reminder scan and the due date of one deadline fact. Owner: jobs.
 * tenggat_fakta (sql/functions/jadwal.sql) gathers the items of a year with their base dates;
 * the due date and the stage are decided by src/domain/tenggat.c; pengingat_catat stores each
 * (item, stage) once, so a reminder fires once at due-soon and once at overdue. Each stored
 * reminder is an audited row: the change feed and webhooks carry it as pengingat.jatuh_tempo or
 * pengingat.terlambat for e-Kinerja or a messaging gateway to deliver. */
#include "kinerja/jobs.h"
#include "kinerja/api.h"
#include "kinerja/db.h"
#include "kinerja/domain_periode.h"
#include "kinerja/domain_tenggat.h"
#include "kinerja/log.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int S_FAKTA = -1, S_CATAT = -1;

void kn_jobs_pengingat_register(void) {
  if (S_FAKTA >= 0) return;
  S_FAKTA = kn_db_register("tenggat_fakta", "SELECT tenggat_fakta($1::int, $2::bigint)::text");
  S_CATAT = kn_db_register("pengingat_catat", "SELECT pengingat_catat($1::jsonb, $2::bigint)");
}

static long day_of(json_t *o, const char *k) {
  dom_date_t d;
  const char *s = kn_jstr(o, k);
  return s && dom_date_parse(s, &d) ? dom_date_days(d) : -1;
}

bool kn_jobs_tenggat_item(json_t *it, long *due, long *done) {
  const char *j = kn_jstr(it, "jenis");
  *done = day_of(it, "selesai");
  *due = -1;
  if (!j) return false;
  if (strcmp(j, "skp") == 0) {
    long batas = day_of(it, "batas");
    if (batas < 0) return false;
    *due = dom_tenggat_skp(batas, day_of(it, "tmt"), (int)kn_jint(it, "mutasi"));
  } else if (strcmp(j, "realisasi") == 0) {
    long akhir = day_of(it, "akhir");
    if (akhir < 0) return false;
    *due = dom_tenggat_realisasi(akhir, (int)kn_jint(it, "tenggang"), day_of(it, "buka_ulang"));
  } else if (strcmp(j, "evaluasi_periodik") == 0 || strcmp(j, "evaluasi_tahunan") == 0) {
    long akhir = day_of(it, "akhir");
    if (akhir < 0) return false;
    *due = dom_tenggat_evaluasi(akhir, (int)kn_jint(it, "tenggang"), (int)kn_jint(it, "hari"));
  } else if (strcmp(j, "keberatan") == 0) {
    long d = day_of(it, "diajukan");
    if (d < 0) return false;
    *due = dom_tenggat_keberatan(d, (int)kn_jint(it, "hari"));
  } else if (strcmp(j, "kke_jawaban") == 0) {
    long d = day_of(it, "dibuat");
    if (d < 0) return false;
    *due = dom_tenggat_kke_jawaban(d, (int)kn_jint(it, "hari"));
  } else if (strcmp(j, "tindak_lanjut") == 0) {
    *due = day_of(it, "jatuh_tempo");   /* fixed when the stage opened (dom_sanksi_jatuh_tempo) */
    if (*due < 0) return false;
  } else {
    return false;
  }
  return true;
}

/* What the reminder says (Indonesian, as every message of the feed's consumers). */
static void describe(json_t *it, const char *tahap, const char *due, char *out, size_t n) {
  const char *j = kn_jstr(it, "jenis"), *nama = kn_jstr(it, "nama"), *dinilai = kn_jstr(it, "dinilai_nip");
  const char *what = strcmp(j, "skp") == 0 ? "SKP belum ditetapkan"
                   : strcmp(j, "realisasi") == 0 ? "Realisasi periode belum lengkap"
                   : strcmp(j, "evaluasi_periodik") == 0 ? "Evaluasi periodik belum ditetapkan"
                   : strcmp(j, "evaluasi_tahunan") == 0 ? "Evaluasi tahunan belum ditetapkan"
                   : strcmp(j, "keberatan") == 0 ? "Keberatan belum diputus"
                   : strcmp(j, "tindak_lanjut") == 0 ? "Tahap kasus sanksi belum diputus" : "Temuan KKE belum dijawab";
  snprintf(out, n, "%s (%s)%s%s%s; batas %s%s", what, kn_jstr(it, "kunci"), nama ? ": " : "", nama ? nama : "",
           dinilai ? ", pegawai dinilai " : "", due, strcmp(tahap, "terlambat") == 0 ? ", sudah terlambat" : "");
  if (dinilai) {   /* the appraisee's NIP after the appraiser's name */
    size_t l = strlen(out);
    snprintf(out + l, n - l, " [%s]", dinilai);
  }
}

json_t *kn_jobs_pengingat_scan(const kn_db_ctx_t *ctx, long long pid, long today, char *err, size_t errlen) {
  dom_date_t t = dom_date_from_days(today);
  json_t *items = json_array();
  long checked = 0, soon = 0, late = 0;
  for (int y = t.y - 1; y <= t.y; y++) {
    char th[16];
    snprintf(th, sizeof th, "%d", y);
    const char *v[2] = {th, NULL};
    kn_db_query_t q = {.stmt = S_FAKTA, .nparams = 2, .values = v};
    kn_db_error_t e;
    if (kn_db_tx(ctx, true, &q, 1, &e) != 0) {
      snprintf(err, errlen, "tenggat_fakta: %s", e.message);
      json_decref(items);
      return NULL;
    }
    json_t *doc = json_loads(PQgetvalue(q.result, 0, 0), 0, NULL);
    kn_db_clear(&q, 1);
    int lead = (int)kn_jint(doc, "pengingat_hari");
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(doc, "items"), i, it) {
      long due, done;
      checked++;
      if (!kn_jobs_tenggat_item(it, &due, &done)) continue;
      const char *tahap = dom_tenggat_tahap_name(dom_tenggat_tahap(today, due, done, lead));
      if (!tahap) continue;
      dom_date_t dd = dom_date_from_days(due);
      char iso[16], text[600];
      snprintf(iso, sizeof iso, "%04d-%02d-%02d", dd.y, dd.m, dd.d);
      describe(it, tahap, iso, text, sizeof text);
      json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:O?, s:O?, s:s, s:s}", "jenis", kn_jstr(it, "jenis"),
        "kunci", kn_jstr(it, "kunci"), "tahap", tahap, "pegawai_id", json_object_get(it, "pegawai_id"),
        "unor_id", json_object_get(it, "unor_id"), "jatuh_tempo", iso, "keterangan", text));
      if (tahap[0] == 'j') soon++; else late++;
    }
    json_decref(doc);
  }
  char *text = json_dumps(items, JSON_COMPACT), id[24];
  json_decref(items);
  snprintf(id, sizeof id, "%lld", pid);
  const char *v[2] = {text, id};
  kn_db_query_t q = {.stmt = S_CATAT, .nparams = 2, .values = v};
  kn_db_error_t e;
  int rc = kn_db_tx(ctx, false, &q, 1, &e);
  free(text);
  if (rc != 0) { snprintf(err, errlen, "pengingat_catat: %s", e.message); return NULL; }
  long fresh = atol(PQgetvalue(q.result, 0, 0));
  kn_db_clear(&q, 1);
  return json_pack("{s:I, s:I, s:I, s:I}", "diperiksa", (json_int_t)checked, "jatuh_tempo", (json_int_t)soon,
                   "terlambat", (json_int_t)late, "baru", (json_int_t)fresh);
}
