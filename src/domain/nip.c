/* NIP validation. Pure. Owner: domain. */
#include "kinerja/domain_nip.h"
#include <string.h>

static int num(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) v = v * 10 + (s[i] - '0');
  return v;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m) {
  static const int D[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : D[m - 1];
}

dom_nip_error_t dom_nip_parse(const char *nip, int today_year, int today_month, dom_nip_t *out) {
  if (!nip || strlen(nip) != 18) return DOM_NIP_LENGTH;
  for (int i = 0; i < 18; i++)
    if (nip[i] < '0' || nip[i] > '9') return DOM_NIP_DIGITS;
  dom_nip_t n;
  memset(&n, 0, sizeof n);
  n.birth_year = num(nip, 4);
  n.birth_month = num(nip + 4, 2);
  n.birth_day = num(nip + 6, 2);
  n.tmt_year = num(nip + 8, 4);
  int tmt_m = num(nip + 12, 2);
  n.sex = nip[14] - '0';
  n.sequence = num(nip + 15, 3);
  /* An ASN is at least 18 at appointment and retires by 65 at the latest: birth years outside
   * [today-80, today-18] cannot belong to anyone in service. */
  if (n.birth_year < today_year - 80 || n.birth_year > today_year - 18 || n.birth_month < 1 ||
      n.birth_month > 12 || n.birth_day < 1 || n.birth_day > days_in_month(n.birth_year, n.birth_month))
    return DOM_NIP_BIRTH_DATE;
  n.pppk_code = tmt_m == 21;
  n.tmt_month = n.pppk_code ? 0 : tmt_m;
  if (!n.pppk_code && (tmt_m < 1 || tmt_m > 12)) return DOM_NIP_TMT;
  /* at least 18 at appointment, to the month (a PPPK code carries no month: year only) */
  bool too_young = n.pppk_code ? n.tmt_year < n.birth_year + 18
                               : n.tmt_year * 12 + n.tmt_month < (n.birth_year + 18) * 12 + n.birth_month;
  if (too_young || n.tmt_year > today_year ||
      (n.tmt_year == today_year && n.tmt_month > today_month))
    return DOM_NIP_TMT;
  if (n.sex != 1 && n.sex != 2) return DOM_NIP_SEX;
  if (n.sequence == 0) return DOM_NIP_SEQUENCE;
  if (out) *out = n;
  return DOM_NIP_OK;
}

const char *dom_nip_error_code(dom_nip_error_t e) {
  switch (e) {
    case DOM_NIP_OK: return "ok";
    case DOM_NIP_LENGTH: return "nip_length";
    case DOM_NIP_DIGITS: return "nip_digits";
    case DOM_NIP_BIRTH_DATE: return "nip_birth_date";
    case DOM_NIP_TMT: return "nip_tmt";
    case DOM_NIP_SEX: return "nip_sex";
    case DOM_NIP_SEQUENCE: return "nip_sequence";
  }
  return "nip_invalid";
}

const char *dom_nip_error_message(dom_nip_error_t e, bool en) {
  switch (e) {
    case DOM_NIP_OK: return "";
    case DOM_NIP_LENGTH: return en ? "NIP must be exactly 18 digits" : "NIP harus tepat 18 digit";
    case DOM_NIP_DIGITS: return en ? "NIP may contain digits only" : "NIP hanya boleh berisi angka";
    case DOM_NIP_BIRTH_DATE:
      return en ? "Digits 1-8 (birth date yyyymmdd) are not a possible birth date"
                : "Digit 1-8 (tanggal lahir yyyymmdd) bukan tanggal lahir yang mungkin";
    case DOM_NIP_TMT:
      return en ? "Digits 9-14 (TMT yyyymm) are not a possible appointment month (month 01-12 or 21 for PPPK, at least 18 years after birth, not in the future)"
                : "Digit 9-14 (TMT yyyymm) bukan bulan pengangkatan yang mungkin (bulan 01-12 atau 21 untuk PPPK, minimal 18 tahun setelah lahir, tidak di masa depan)";
    case DOM_NIP_SEX:
      return en ? "Digit 15 (sex) must be 1 or 2" : "Digit 15 (jenis kelamin) harus 1 atau 2";
    case DOM_NIP_SEQUENCE:
      return en ? "Digits 16-18 (sequence) cannot be 000" : "Digit 16-18 (nomor urut) tidak boleh 000";
  }
  return "";
}
