/* NIP (Nomor Induk Pegawai) parsing and validation. Pure, no I/O. Owner: domain.
 * Layout of the 18 digits: birth date yyyymmdd (1-8), TMT (first appointment) yyyymm (9-14),
 * sex digit 1 = male / 2 = female (15), sequence 001-999 (16-18). For PPPK the month part of
 * the TMT is the code "21" instead of a month [I: observed practice, see README glossary]. */
#ifndef KINERJA_DOMAIN_NIP_H
#define KINERJA_DOMAIN_NIP_H
#include <stdbool.h>

typedef enum dom_nip_error {
  DOM_NIP_OK = 0,
  DOM_NIP_LENGTH,      /* not exactly 18 characters */
  DOM_NIP_DIGITS,      /* a character is not a digit */
  DOM_NIP_BIRTH_DATE,  /* birth date is not a real calendar date or out of range */
  DOM_NIP_TMT,         /* appointment year/month impossible (month, before age 18, in the future) */
  DOM_NIP_SEX,         /* sex digit is not 1 or 2 */
  DOM_NIP_SEQUENCE,    /* sequence 000 */
} dom_nip_error_t;

typedef struct dom_nip {
  int birth_year, birth_month, birth_day;
  int tmt_year, tmt_month;  /* tmt_month is 0 for a PPPK NIP (code 21) */
  int sex;                  /* 1 male, 2 female */
  int sequence;
  bool pppk_code;
} dom_nip_t;

/* Validate nip against today's date (today_year, today_month). Fills *out when OK (out may be
 * NULL). */
dom_nip_error_t dom_nip_parse(const char *nip, int today_year, int today_month, dom_nip_t *out);

/* Stable machine code ("nip_birth_date", ...) and bilingual messages for an error. */
const char *dom_nip_error_code(dom_nip_error_t e);
const char *dom_nip_error_message(dom_nip_error_t e, bool english);
#endif
