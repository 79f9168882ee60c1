/* SKP workflow rules. Pure. Owner: domain. */
#include "kinerja/domain_skp.h"
#include "kinerja/domain_referensi.h"
#include <math.h>
#include <string.h>

/* the codes of the reference list, in the order of dom_skp_status_t */
static const char *const *const STATUS = dom_ref_status_skp_kode;
static const char *const ACTION[] = {"ajukan", "kembalikan", "setujui", "tetapkan", "revisi", "tutup", "selesai"};

dom_skp_status_t dom_skp_status_from_name(const char *n) {
  for (int i = 0; n && i < 7; i++) if (strcmp(STATUS[i], n) == 0) return (dom_skp_status_t)i;
  return DOM_SKP_INVALID;
}
const char *dom_skp_status_name(dom_skp_status_t s) { return s >= 0 && s <= 6 ? STATUS[s] : "INVALID"; }
dom_skp_action_t dom_skp_action_from_name(const char *n) {
  for (int i = 0; n && i < DOM_SKP_NACTIONS; i++) if (strcmp(ACTION[i], n) == 0) return (dom_skp_action_t)i;
  return DOM_SKP_NACTIONS;
}
const char *dom_skp_action_name(dom_skp_action_t a) { return a < DOM_SKP_NACTIONS ? ACTION[a] : "?"; }


/* The state table: from-state, action → to-state (or INVALID). */
static dom_skp_status_t target(dom_skp_status_t from, dom_skp_action_t a, bool pengelola_path) {
  if (from < DOM_SKP_DRAFT || from > DOM_SKP_SELESAI) return DOM_SKP_INVALID;
  switch (a) {
    case DOM_SKP_AJUKAN:
      return from == DOM_SKP_DRAFT || from == DOM_SKP_DIKEMBALIKAN ? DOM_SKP_DIAJUKAN : DOM_SKP_INVALID;
    case DOM_SKP_KEMBALIKAN:
      return from == DOM_SKP_DIAJUKAN || from == DOM_SKP_DISETUJUI ? DOM_SKP_DIKEMBALIKAN : DOM_SKP_INVALID;
    case DOM_SKP_SETUJUI:
      return from == DOM_SKP_DIAJUKAN ? DOM_SKP_DISETUJUI : DOM_SKP_INVALID;
    case DOM_SKP_TETAPKAN:
      if (from == DOM_SKP_DISETUJUI) return DOM_SKP_DITETAPKAN;
      /* after the deadline the pengelola may set a plan that never got approved */
      return pengelola_path && from <= DOM_SKP_DISETUJUI ? DOM_SKP_DITETAPKAN : DOM_SKP_INVALID;
    case DOM_SKP_REVISI:
      return from == DOM_SKP_DITETAPKAN ? DOM_SKP_DRAFT : DOM_SKP_INVALID;
    case DOM_SKP_TUTUP:
      return from == DOM_SKP_DITETAPKAN ? DOM_SKP_DITUTUP : DOM_SKP_INVALID;
    case DOM_SKP_SELESAIKAN:
      return from == DOM_SKP_DITETAPKAN ? DOM_SKP_SELESAI : DOM_SKP_INVALID;
    case DOM_SKP_NACTIONS: break;
  }
  return DOM_SKP_INVALID;
}

/* May this actor take this action at all (state aside)? */
static bool actor_may(dom_skp_action_t a, dom_skp_actor_t who, bool *pengelola_path, bool deadline_passed) {
  bool admin = who.admin_pd || who.admin_bkpsdm;
  *pengelola_path = false;
  switch (a) {
    case DOM_SKP_AJUKAN: return who.owner;
    case DOM_SKP_KEMBALIKAN: return who.penilai || admin;
    case DOM_SKP_SETUJUI: return who.penilai;
    case DOM_SKP_TETAPKAN:
      if (who.penilai) return true;
      *pengelola_path = admin && deadline_passed;
      return *pengelola_path;
    case DOM_SKP_REVISI: return who.owner || who.penilai;
    case DOM_SKP_TUTUP: return who.penilai || admin;
    case DOM_SKP_SELESAIKAN: return admin; /* the pengelola closes the year (or the system, on FINAL) */
    case DOM_SKP_NACTIONS: break;
  }
  return false;
}

unsigned dom_skp_allowed_actions(dom_skp_status_t from, dom_skp_actor_t who, bool deadline_passed) {
  unsigned mask = 0;
  for (int a = 0; a < DOM_SKP_NACTIONS; a++) {
    bool pp;
    if (actor_may((dom_skp_action_t)a, who, &pp, deadline_passed) &&
        target(from, (dom_skp_action_t)a, pp) != DOM_SKP_INVALID)
      mask |= 1u << a;
  }
  return mask;
}

static dom_skp_decision_t fail(const char *code, const char *id, const char *en) {
  dom_skp_decision_t d = {false, DOM_SKP_INVALID, false, code, id, en};
  return d;
}

/* Content guards before DITETAPKAN (domain.md §5.2 "Guards"). */
static dom_skp_decision_t guards(const dom_skp_facts_t *f) {
  if (f->rhk_utama < 1)
    return fail("skp_rhk_utama_missing", "SKP belum memiliki rencana hasil kerja UTAMA",
                "The SKP has no UTAMA results plan (RHK)");
  if (f->rhk_without_indikator > 0)
    return fail("skp_indikator_missing", "Setiap RHK harus memiliki minimal satu indikator",
                "Every RHK needs at least one indicator");
  if (f->perilaku != 7)
    return fail("skp_perilaku_incomplete", "SKP harus memuat ketujuh nilai perilaku BerAKHLAK",
                "The SKP must carry all seven BerAKHLAK values");
  if (f->lampiran_sections != 3)
    return fail("skp_lampiran_missing", "Lampiran SKP harus memuat ketiga bagian (dukungan sumber daya, "
                "skema pertanggungjawaban, konsekuensi)",
                "The SKP appendix needs all three sections (resources, accountability, consequences)");
  if (f->cascading_missing > 0)
    return fail("skp_cascading_invalid", "Setiap RHK UTAMA harus mengintervensi RHK pejabat penilai tahun yang sama",
                "Every UTAMA RHK must point at an RHK of the penilai's SKP of the same year");
  if (f->bobot_aktif && (f->bobot_missing > 0 || fabs(f->bobot_sum - 100.0) > 0.001))
    return fail("skp_bobot_invalid", "Bobot seluruh RHK harus diisi dan berjumlah 100",
                "Every RHK needs a weight and the weights must add up to 100");
  dom_skp_decision_t ok = {true, DOM_SKP_DITETAPKAN, false, NULL, NULL, NULL};
  return ok;
}

dom_skp_decision_t dom_skp_decide(dom_skp_status_t from, dom_skp_action_t a, dom_skp_actor_t who,
                                  const dom_skp_facts_t *f) {
  if (a >= DOM_SKP_NACTIONS || from == DOM_SKP_INVALID)
    return fail("skp_invalid_transition", "Tindakan tidak dikenal", "Unknown action");
  bool pengelola_path;
  bool may = actor_may(a, who, &pengelola_path, f->deadline_passed);
  if (a == DOM_SKP_TETAPKAN && !who.penilai && (who.admin_pd || who.admin_bkpsdm) && !f->deadline_passed &&
      from <= DOM_SKP_DISETUJUI)
    return fail("forbidden", "Pengelola kinerja hanya dapat menetapkan SKP atas nama pegawai setelah batas waktu "
                "penetapan SKP lewat", "A pengelola kinerja may set an SKP on the employee's behalf only after the "
                "SKP deadline");
  dom_skp_status_t next = target(from, a, pengelola_path);
  if (next == DOM_SKP_INVALID) {
    /* the state is wrong for this action: 409 whoever asks, naming the state */
    return fail("skp_invalid_transition", "Tindakan ini tidak berlaku pada status SKP saat ini",
                "This action does not apply in the SKP's current state");
  }
  if (!may)
    return fail("forbidden", "Anda tidak berwenang melakukan tindakan ini pada SKP ini",
                "You may not take this action on this SKP");
  if ((a == DOM_SKP_KEMBALIKAN || a == DOM_SKP_REVISI || a == DOM_SKP_TUTUP) && !f->has_reason)
    return fail("alasan_required", "Alasan wajib diisi", "A reason (alasan) is required");
  if (a == DOM_SKP_REVISI && f->periode_terkunci > 0)
    return fail("skp_periode_terkunci", "SKP tidak dapat direvisi: periode penilaiannya sudah dinilai dan dikunci "
                "(evaluasi ditetapkan); perubahan tugas setelah itu menjadi SKP baru (tutup lalu buat)",
                "The SKP cannot be revised: an evaluation period of it is assessed and locked (evaluation set); a "
                "change of duties after that is a new SKP (close it, then create one)");
  if (a == DOM_SKP_SELESAIKAN && !f->akhir_tahun_final)
    return fail("skp_evaluasi_akhir_belum_final", "SKP baru selesai setelah evaluasi akhir tahunnya FINAL",
                "An SKP is complete only once its year-end evaluation is FINAL");
  if (a == DOM_SKP_AJUKAN && f->rhk_utama < 1)
    return fail("skp_rhk_utama_missing", "SKP belum memiliki rencana hasil kerja UTAMA",
                "The SKP has no UTAMA results plan (RHK)");
  if (a == DOM_SKP_TETAPKAN) {
    dom_skp_decision_t g = guards(f);
    if (!g.ok) return g;
  }
  dom_skp_decision_t d = {true, next, a == DOM_SKP_TETAPKAN && pengelola_path && !who.penilai, NULL, NULL, NULL};
  return d;
}
