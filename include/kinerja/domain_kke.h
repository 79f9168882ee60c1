/* Data-quality checks of the SKP cycle per Perangkat Daerah (kertas kerja evaluasi,
 * domain.md §12): the catalogue (code, severity, title, how to fix), the text rules, and the
 * score. Pure. Owner: domain.
 * Score = Σ weight × compliance / Σ weight over checks that had something to check, where an
 * error-level check weighs 2 and a warning-level check 1, and compliance = 1 − findings/checked. */
#ifndef KINERJA_DOMAIN_KKE_H
#define KINERJA_DOMAIN_KKE_H
#include <stdbool.h>

typedef struct dom_kke_check {
  const char *kode;       /* K01 ... */
  char severity;          /* 'E' error, 'W' warning */
  const char *judul;      /* short title, Bahasa Indonesia */
  const char *perbaikan;  /* what to do about a finding (educational supervision) */
} dom_kke_check_t;

/* The checks this version evaluates, in order; *n gets the count. */
const dom_kke_check_t *dom_kke_catalogue(int *n);
const dom_kke_check_t *dom_kke_find(const char *kode);

/* K06: a target text with absolute wording ("semua", "selalu", "tidak pernah", "setiap") is not
 * measurable (Permen 8/2021 guidance); returns the word found or NULL. Case-insensitive, whole
 * words only. */
const char *dom_kke_absolute_word(const char *text);

/* Lower-case s into out with each run of non-alphanumerics as one space, trimmed. */
void dom_kke_normalize(const char *s, char *out, unsigned long cap);

/* K08/K09: texts compare equal after lower-casing and collapsing whitespace/punctuation. */
bool dom_kke_same_text(const char *a, const char *b);

/* K21: segments (sorted by start, as day numbers) cover [from, to] without gap or overlap. */
bool dom_kke_segments_cover(const long *starts, const long *ends, int n, long from, long to);

typedef struct dom_kke_tally { int checked; int findings; } dom_kke_tally_t;

/* Score 0..100 (rounded to 1 decimal) over the catalogue's tallies (same order, n entries). */
double dom_kke_score(const dom_kke_tally_t *tallies, int n);
#endif
