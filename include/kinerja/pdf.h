/* PDF primitives on Cairo and Pango: A4 pages, wrapped text, tables whose header repeats on every
 * page and whose rows split across pages instead of being clipped, page numbers, and a footer on
 * every page with the document number, the verification code and its QR code. Owner: doc.
 *
 * A document is laid out twice by the same build function: a measuring pass counts the pages
 * (for "halaman i dari N"), the drawing pass writes them. The output is deterministic: the same
 * build over the same data and meta gives the same bytes (the only time inside is meta.created). */
#ifndef KINERJA_PDF_H
#define KINERJA_PDF_H
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct kn_doc_pdf kn_doc_pdf_t;
typedef struct _cairo cairo_t;

typedef struct kn_doc_pdf_meta {
  const char *title;      /* PDF Title, also the running head of pages after the first */
  const char *author;     /* PDF Author: the instansi */
  const char *nomor;      /* document number, printed in every footer */
  const char *kode;       /* verification code, printed and QR-encoded in every footer */
  const char *qr_text;    /* what the QR code holds (the verification link) */
  time_t created;         /* the stored creation time: CreationDate and ModDate */
} kn_doc_pdf_meta_t;

typedef void (*kn_doc_pdf_build_fn)(kn_doc_pdf_t *p, void *ctx);

/* Lay out and render. *out (malloc'd, caller frees) and *len on success; returns 0 or -1. */
int kn_doc_pdf_render(const kn_doc_pdf_meta_t *m, kn_doc_pdf_build_fn build, void *ctx, char **out, size_t *len);

enum { KN_PDF_NORMAL, KN_PDF_BOLD, KN_PDF_SMALL, KN_PDF_HEADING, KN_PDF_TITLE, KN_PDF_NSTYLES };
enum { KN_PDF_LEFT, KN_PDF_CENTER, KN_PDF_RIGHT };

/* A paragraph across the body width (wraps; splits across pages line by line). */
void kn_doc_pdf_text(kn_doc_pdf_t *p, int style, int align, const char *text);
void kn_doc_pdf_space(kn_doc_pdf_t *p, double pt);
/* Start a new page unless `height` points still fit (keep a block together). */
void kn_doc_pdf_keep(kn_doc_pdf_t *p, double height);

typedef struct kn_doc_pdf_col {
  const char *title;
  double width;           /* share of the body width; the shares of a table sum to 1 */
  int align;
} kn_doc_pdf_col_t;

/* A table: with `header`, the column titles are drawn first and again on every page the table
 * continues on. `borders` false gives a layout grid (signature blocks). At most 12 columns. */
void kn_doc_pdf_table_begin(kn_doc_pdf_t *p, const kn_doc_pdf_col_t *cols, int ncols, bool header, bool borders);
/* One row: ncols cells (NULL = empty), each wrapped in its column; the row is as tall as its
 * tallest cell, moves to the next page when it does not fit, and splits when taller than a page. */
void kn_doc_pdf_table_row(kn_doc_pdf_t *p, const char *const *cells, int style);
/* A row spanning every column (a section inside the table: "A. UTAMA"). */
void kn_doc_pdf_table_span(kn_doc_pdf_t *p, const char *text, int style);
void kn_doc_pdf_table_end(kn_doc_pdf_t *p);

/* Free drawing (charts): reserve `height` points (new page if needed) and get its top y, the
 * body's left x and width. The cairo context is NULL in the measuring pass: draw only when set. */
double kn_doc_pdf_reserve(kn_doc_pdf_t *p, double height);
double kn_doc_pdf_left(const kn_doc_pdf_t *p);
double kn_doc_pdf_width(const kn_doc_pdf_t *p);
cairo_t *kn_doc_pdf_cairo(kn_doc_pdf_t *p);
/* One wrapped label at (x, y) in a box `w` wide (drawing pass only); returns its height. */
double kn_doc_pdf_label(kn_doc_pdf_t *p, double x, double y, double w, int style, int align, const char *text);
/* True on a page break since the last call (a chart repeats its title). */
bool kn_doc_pdf_page_changed(kn_doc_pdf_t *p);
#endif
