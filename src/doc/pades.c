/* PAdES signature check (see include/kinerja/pades.h). Owner: doc. */
#include "kinerja/pades.h"
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *last(const char *hay, size_t n, const char *needle) {
  size_t k = strlen(needle);
  for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
    if (memcmp(hay + i, needle, k) == 0) return hay + i;
  return NULL;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

#define FAIL(i, e) do { *why_id = i; *why_en = e; goto out; } while (0)

int kn_doc_pades_signer(const char *pdf, size_t len, char *subject, size_t cap, const char **why_id, const char **why_en) {
  int rc = -1;
  unsigned char *der = NULL;
  CMS_ContentInfo *cms = NULL;
  BIO *content = NULL, *name = NULL;
  STACK_OF(X509) *signers = NULL;
  char *signed_bytes = NULL;
  const char *br = last(pdf, len, "/ByteRange");
  long a0, a, b, c;
  char tmp[128];
  if (!br) FAIL("Tidak ada tanda tangan (/ByteRange) di dalam PDF", "No signature (/ByteRange) in the PDF");
  size_t rest = len - (size_t)(br - pdf), tl = rest < sizeof tmp - 1 ? rest : sizeof tmp - 1;
  memcpy(tmp, br, tl);
  tmp[tl] = '\0';
  if (sscanf(tmp, "/ByteRange [ %ld %ld %ld %ld ]", &a0, &a, &b, &c) != 4 && sscanf(tmp, "/ByteRange[%ld %ld %ld %ld]", &a0, &a, &b, &c) != 4)
    FAIL("/ByteRange tidak dapat dibaca", "/ByteRange cannot be read");
  /* the signed ranges must be the whole file except the <hex> of /Contents */
  if (a0 != 0 || a <= 0 || b <= a + 2 || c < 0 || (size_t)(b + c) != len || pdf[a] != '<' || pdf[b - 1] != '>')
    FAIL("/ByteRange tidak mencakup seluruh berkas", "/ByteRange does not cover the whole file");
  size_t nhex = (size_t)(b - a - 2), n = 0;
  der = malloc(nhex / 2 + 1);
  if (!der) abort();
  for (size_t i = 0; i + 1 < nhex; i += 2) {
    int hi = hexval(pdf[a + 1 + i]), lo = hexval(pdf[a + 2 + i]);
    if (hi < 0 || lo < 0) FAIL("/Contents bukan heksadesimal", "/Contents is not hexadecimal");
    der[n++] = (unsigned char)(hi << 4 | lo);
  }
  const unsigned char *q = der;
  cms = d2i_CMS_ContentInfo(NULL, &q, (long)n);
  if (!cms) FAIL("/Contents bukan tanda tangan CMS", "/Contents is not a CMS signature");
  signed_bytes = malloc((size_t)(a + c) + 1);
  if (!signed_bytes) abort();
  memcpy(signed_bytes, pdf, (size_t)a);
  memcpy(signed_bytes + a, pdf + b, (size_t)c);
  content = BIO_new_mem_buf(signed_bytes, (int)(a + c));
  if (CMS_verify(cms, NULL, NULL, content, NULL, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1)
    FAIL("Tanda tangan tidak sesuai dengan isi berkas", "The signature does not match the file's content");
  signers = CMS_get0_signers(cms);
  if (!signers || sk_X509_num(signers) < 1) FAIL("Sertifikat penanda tangan tidak ada", "No signer certificate");
  name = BIO_new(BIO_s_mem());
  X509_NAME_print_ex(name, X509_get_subject_name(sk_X509_value(signers, 0)), 0, XN_FLAG_RFC2253);
  char *s;
  long sl = BIO_get_mem_data(name, &s);
  snprintf(subject, cap, "%.*s", (int)(sl < (long)cap ? sl : (long)cap - 1), s);
  rc = 0;
out:
  sk_X509_free(signers);
  BIO_free(name);
  BIO_free(content);
  CMS_ContentInfo_free(cms);
  free(signed_bytes);
  free(der);
  return rc;
}
