/* The signature of a PAdES-signed PDF (the signer's system appends an incremental update with a
 * /Sig dictionary whose /ByteRange covers the whole file but the /Contents CMS blob). Owner: doc.
 * Checks that the byte range covers the file and that the CMS signature verifies over it; the
 * certificate's trust chain (BSrE's roots) is the signer system's business, not checked here. */
#ifndef KINERJA_PADES_H
#define KINERJA_PADES_H
#include <stddef.h>

/* 0 with the signer certificate's subject (RFC 2253) in subject; -1 with a reason (Bahasa
 * Indonesia and English) when there is no valid signature. */
int kn_doc_pades_signer(const char *pdf, size_t len, char *subject, size_t cap, const char **why_id, const char **why_en);
#endif
