/* PDF primitives on Cairo and Pango (see include/kinerja/pdf.h). Owner: doc. */
#include "kinerja/pdf.h"
#include "kinerja/strbuf.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W 595.276 /* A4 in points */
#define PAGE_H 841.89
#define M_LEFT 56.7
#define M_RIGHT 42.5
#define BODY_TOP 48.0
#define BODY_BOTTOM (PAGE_H - 74.0)
#define PAD 3.0
#define MAXCOL 12
#define QR_SIZE 46.0

static const char *const FONTS[KN_PDF_NSTYLES] = {"DejaVu Sans 8.5", "DejaVu Sans Bold 8.5", "DejaVu Sans 6.5",
                                                  "DejaVu Sans Bold 9.5", "DejaVu Sans Bold 12"};

typedef struct cell {
  PangoLayout *l;
  int n, next;                   /* lines; the first not yet drawn */
  double *top, *bottom, *base, *lx;
  double x, w;
  int style, align;
  char *text;                    /* what was laid out (the cache's key) */
  bool own;                      /* freed by the caller, not by the cache */
} cell_t;

/* The cells of the measuring pass, kept for the drawing pass: both passes ask for the same cells
 * in the same order, so each is laid out (shaped, broken into lines) once. */
typedef struct cell_cache {
  cell_t *v;
  size_t n, cap, next;
} cell_cache_t;

struct kn_doc_pdf {
  cairo_surface_t *surf;
  cairo_t *cr;
  PangoContext *pc;
  PangoFontDescription *font[KN_PDF_NSTYLES];
  const kn_doc_pdf_meta_t *m;
  QRcode *qr;
  bool draw;           /* false in the measuring pass */
  int page, pages;     /* current page; total (drawing pass) */
  double y;
  bool page_changed;
  kn_doc_pdf_col_t cols[MAXCOL];
  int ncols;
  bool in_table, header, borders;
  cell_cache_t cache;
};


static double body_w(void) { return PAGE_W - M_LEFT - M_RIGHT; }

static PangoLayout *layout(kn_doc_pdf_t *p, int style, int align, double w, const char *text) {
  PangoLayout *l = pango_layout_new(p->pc);
  pango_layout_set_font_description(l, p->font[style]);
  pango_layout_set_width(l, (int)(w * PANGO_SCALE));
  pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR); /* a long word breaks rather than overflows */
  pango_layout_set_alignment(l, align == KN_PDF_CENTER ? PANGO_ALIGN_CENTER
                                : align == KN_PDF_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
  pango_layout_set_text(l, text ? text : "", -1);
  return l;
}

static void cell_layout(kn_doc_pdf_t *p, cell_t *c, int style, int align, double x, double w, const char *text) {
  memset(c, 0, sizeof *c);
  c->x = x;
  c->w = w;
  c->style = style;
  c->align = align;
  c->l = layout(p, style, align, w - 2 * PAD, text);
  c->n = pango_layout_get_line_count(c->l);
  double *a = calloc((size_t)c->n * 4 + 4, sizeof *a);
  if (!a) abort();
  c->top = a, c->bottom = a + c->n, c->base = a + 2 * c->n, c->lx = a + 3 * c->n;
  PangoLayoutIter *it = pango_layout_get_iter(c->l);
  int i = 0;
  do {
    PangoRectangle log;
    pango_layout_iter_get_line_extents(it, NULL, &log);
    c->top[i] = (double)log.y / PANGO_SCALE;
    c->bottom[i] = (double)(log.y + log.height) / PANGO_SCALE;
    c->base[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
    c->lx[i] = (double)log.x / PANGO_SCALE;
    i++;
  } while (i < c->n && pango_layout_iter_next_line(it));
  pango_layout_iter_free(it);
}

/* A cell laid out in the measuring pass and kept (the cache owns it), or taken back from the
 * cache in the drawing pass when it is the same cell. */
static void cell_init(kn_doc_pdf_t *p, cell_t *c, int style, int align, double x, double w, const char *text) {
  cell_cache_t *k = &p->cache;
  const char *t = text ? text : "";
  if (p->draw && k->next < k->n) {
    cell_t *m = &k->v[k->next++];
    if (m->style == style && m->align == align && m->x == x && m->w == w && strcmp(m->text, t) == 0) {
      *c = *m;
      return;
    }
  }
  cell_layout(p, c, style, align, x, w, t);
  c->own = p->draw;
  if (p->draw) return;
  if (k->n == k->cap) {
    k->cap = k->cap ? 2 * k->cap : 256;
    k->v = realloc(k->v, k->cap * sizeof *k->v);
    if (!k->v) abort();
  }
  c->text = strdup(t);
  if (!c->text) abort();
  k->v[k->n++] = *c;
}

static void cell_release(cell_t *c) {
  g_object_unref(c->l);
  free(c->top);
  free(c->text);
}

static void cell_free(cell_t *c) {
  if (c->own) cell_release(c);
}

static double span_h(const cell_t *c, int from, int to) {
  return to > from ? c->bottom[to - 1] - c->top[from] : 0;
}

/* Draw lines [next, to[i]) of every cell as one band of height h at p->y. */
static void draw_band(kn_doc_pdf_t *p, cell_t *c, int n, const int *to, double h, bool fill) {
  if (p->draw) {
    cairo_t *cr = p->cr;
    for (int i = 0; i < n; i++) {
      if (fill) {
        cairo_set_source_rgb(cr, 0.9, 0.92, 0.95);
        cairo_rectangle(cr, c[i].x, p->y, c[i].w, h + 2 * PAD);
        cairo_fill(cr);
      }
      cairo_set_source_rgb(cr, 0, 0, 0);
      for (int k = c[i].next; k < to[i]; k++) {
        cairo_move_to(cr, c[i].x + PAD + c[i].lx[k], p->y + PAD + c[i].base[k] - c[i].top[c[i].next]);
        pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(c[i].l, k));
      }
      if (p->borders) {
        cairo_set_line_width(cr, 0.5);
        cairo_rectangle(cr, c[i].x, p->y, c[i].w, h + 2 * PAD);
        cairo_stroke(cr);
      }
    }
  }
  p->y += h + 2 * PAD;
}

static void new_page(kn_doc_pdf_t *p);

/* Place a row of cells: whole when it fits, on the next page when it fits there, else split
 * line by line over as many pages as it needs. Nothing is ever clipped. */
static void flow(kn_doc_pdf_t *p, cell_t *c, int n, bool fill, bool may_break) {
  bool fresh = !may_break;
  for (;;) {
    double avail = BODY_BOTTOM - p->y - 2 * PAD, need = 0, h = 0;
    int to[MAXCOL];
    for (int i = 0; i < n; i++) {
      double s = span_h(&c[i], c[i].next, c[i].n);
      if (s > need) need = s;
      to[i] = c[i].n;
    }
    if (need <= avail + 0.01 || !may_break) { draw_band(p, c, n, to, need, fill); return; }
    if (!fresh) { new_page(p); fresh = true; continue; }
    bool any = false;
    for (int i = 0; i < n; i++) {
      int k = c[i].next;
      while (k < c[i].n && span_h(&c[i], c[i].next, k + 1) <= avail) k++;
      if (k == c[i].next && k < c[i].n && p->y <= BODY_TOP + 40) k++; /* always progress */
      to[i] = k;
      any |= k > c[i].next;
      if (span_h(&c[i], c[i].next, k) > h) h = span_h(&c[i], c[i].next, k);
    }
    if (any) {
      draw_band(p, c, n, to, h, fill);
      for (int i = 0; i < n; i++) c[i].next = to[i];
    }
    new_page(p);
  }
}

static void row(kn_doc_pdf_t *p, const char *const *texts, int style, bool fill, bool may_break) {
  cell_t c[MAXCOL];
  double x = M_LEFT;
  for (int i = 0; i < p->ncols; i++) {
    double w = p->cols[i].width * body_w();
    cell_init(p, &c[i], style, p->cols[i].align, x, w, texts[i]);
    x += w;
  }
  flow(p, c, p->ncols, fill, may_break);
  for (int i = 0; i < p->ncols; i++) cell_free(&c[i]);
}

static void header_row(kn_doc_pdf_t *p) {
  const char *t[MAXCOL];
  for (int i = 0; i < p->ncols; i++) t[i] = p->cols[i].title;
  row(p, t, KN_PDF_BOLD, true, false);
}

static void draw_qr(kn_doc_pdf_t *p, double x, double y) {
  QRcode *q = p->qr;
  if (!q) return;
  double m = QR_SIZE / (q->width + 2);
  cairo_set_source_rgb(p->cr, 0, 0, 0);
  for (int r = 0; r < q->width; r++)
    for (int c = 0; c < q->width;) {
      if (!(q->data[r * q->width + c] & 1)) { c++; continue; }
      int e = c;
      while (e < q->width && (q->data[r * q->width + e] & 1)) e++;
      cairo_rectangle(p->cr, x + (c + 1) * m, y + (r + 1) * m, (e - c) * m, m);
      c = e;
    }
  cairo_fill(p->cr);
}

static void page_frame(kn_doc_pdf_t *p) {
  if (!p->draw) return;
  cairo_t *cr = p->cr;
  char buf[600];
  kn_doc_pdf_label(p, M_LEFT, 22, body_w() * 0.7, KN_PDF_SMALL, KN_PDF_LEFT, p->m->title);
  kn_doc_pdf_label(p, M_LEFT + body_w() * 0.7, 22, body_w() * 0.3, KN_PDF_SMALL, KN_PDF_RIGHT, p->m->author);
  double fy = PAGE_H - 66;
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, M_LEFT, 36);
  cairo_line_to(cr, PAGE_W - M_RIGHT, 36);
  cairo_move_to(cr, M_LEFT, fy);
  cairo_line_to(cr, PAGE_W - M_RIGHT, fy);
  cairo_stroke(cr);
  snprintf(buf, sizeof buf,
           "Nomor dokumen: %s\nKode verifikasi: %s\nPeriksa keaslian dan status dokumen ini dengan memindai kode QR "
           "atau membuka %s. Dokumen ini dibuat secara elektronik.",
           p->m->nomor, p->m->kode, p->m->qr_text);
  kn_doc_pdf_label(p, M_LEFT, fy + 5, body_w() - QR_SIZE - 90, KN_PDF_SMALL, KN_PDF_LEFT, buf);
  snprintf(buf, sizeof buf, "Halaman %d dari %d", p->page, p->pages);
  kn_doc_pdf_label(p, PAGE_W - M_RIGHT - QR_SIZE - 88, fy + 5, 84, KN_PDF_SMALL, KN_PDF_RIGHT, buf);
  draw_qr(p, PAGE_W - M_RIGHT - QR_SIZE, fy + 4);
}

static void new_page(kn_doc_pdf_t *p) {
  if (p->draw) cairo_show_page(p->cr);
  p->page++;
  p->y = BODY_TOP;
  p->page_changed = true;
  page_frame(p);
  if (p->in_table && p->header) header_row(p);
}

static void start(kn_doc_pdf_t *p, bool draw) {
  p->draw = draw;
  p->page = 1;
  p->y = BODY_TOP;
  p->in_table = false;
  p->page_changed = false;
  page_frame(p);
}

static cairo_status_t write_cb(void *closure, const unsigned char *data, unsigned int len) {
  kn_sb_append(closure, (const char *)data, len);
  return CAIRO_STATUS_SUCCESS;
}

int kn_doc_pdf_render(const kn_doc_pdf_meta_t *m, kn_doc_pdf_build_fn build, void *ctx, char **out, size_t *len) {
  kn_sb_t sb;
  kn_sb_init(&sb);
  kn_doc_pdf_t p;
  memset(&p, 0, sizeof p);
  p.m = m;
  p.surf = cairo_pdf_surface_create_for_stream(write_cb, &sb, PAGE_W, PAGE_H);
  char date[32];
  struct tm tm;
  gmtime_r(&m->created, &tm);
  strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_TITLE, m->title);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_AUTHOR, m->author);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_SUBJECT, m->nomor);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATOR, "Kinerja API");
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(p.surf, CAIRO_PDF_METADATA_MOD_DATE, date);
  p.cr = cairo_create(p.surf);
  p.pc = pango_cairo_create_context(p.cr);
  pango_cairo_context_set_resolution(p.pc, 72); /* font sizes are PDF points */
  for (int i = 0; i < KN_PDF_NSTYLES; i++) p.font[i] = pango_font_description_from_string(FONTS[i]);
  p.qr = QRcode_encodeString(m->qr_text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  start(&p, false); /* measuring pass: the page count */
  build(&p, ctx);
  p.pages = p.page;
  start(&p, true);
  build(&p, ctx);
  cairo_show_page(p.cr);
  for (size_t i = 0; i < p.cache.n; i++) cell_release(&p.cache.v[i]);
  free(p.cache.v);
  if (p.qr) QRcode_free(p.qr);
  for (int i = 0; i < KN_PDF_NSTYLES; i++) pango_font_description_free(p.font[i]);
  g_object_unref(p.pc);
  cairo_destroy(p.cr);
  cairo_surface_finish(p.surf);
  cairo_status_t st = cairo_surface_status(p.surf);
  cairo_surface_destroy(p.surf);
  if (st != CAIRO_STATUS_SUCCESS) { kn_sb_free(&sb); return -1; }
  *out = sb.data;
  *len = sb.len;
  return 0;
}

void kn_doc_pdf_text(kn_doc_pdf_t *p, int style, int align, const char *text) {
  cell_t c;
  cell_init(p, &c, style, align, M_LEFT - PAD, body_w() + 2 * PAD, text);
  bool borders = p->borders;
  p->borders = false;
  flow(p, &c, 1, false, true);
  p->borders = borders;
  cell_free(&c);
}

void kn_doc_pdf_space(kn_doc_pdf_t *p, double pt) {
  if (p->y + pt > BODY_BOTTOM) new_page(p);
  else p->y += pt;
}

void kn_doc_pdf_keep(kn_doc_pdf_t *p, double height) {
  if (p->y + height > BODY_BOTTOM) new_page(p);
}

void kn_doc_pdf_table_begin(kn_doc_pdf_t *p, const kn_doc_pdf_col_t *cols, int ncols, bool header, bool borders) {
  p->ncols = ncols > MAXCOL ? MAXCOL : ncols;
  memcpy(p->cols, cols, (size_t)p->ncols * sizeof *cols);
  p->header = header;
  p->borders = borders;
  p->in_table = true;
  if (header) {
    kn_doc_pdf_keep(p, 60); /* a header never ends a page alone */
    header_row(p);
  }
}

void kn_doc_pdf_table_row(kn_doc_pdf_t *p, const char *const *cells, int style) { row(p, cells, style, false, true); }

void kn_doc_pdf_table_span(kn_doc_pdf_t *p, const char *text, int style) {
  cell_t c;
  kn_doc_pdf_keep(p, 40); /* a section heading stays with its first row */
  cell_init(p, &c, style, KN_PDF_LEFT, M_LEFT, body_w(), text);
  flow(p, &c, 1, true, true);
  cell_free(&c);
}

void kn_doc_pdf_table_end(kn_doc_pdf_t *p) {
  p->in_table = false;
  p->borders = false;
}

double kn_doc_pdf_reserve(kn_doc_pdf_t *p, double height) {
  kn_doc_pdf_keep(p, height);
  double y = p->y;
  p->y += height;
  return y;
}

double kn_doc_pdf_left(const kn_doc_pdf_t *p) { (void)p; return M_LEFT; }
double kn_doc_pdf_width(const kn_doc_pdf_t *p) { (void)p; return body_w(); }
cairo_t *kn_doc_pdf_cairo(kn_doc_pdf_t *p) { return p->draw ? p->cr : NULL; }

bool kn_doc_pdf_page_changed(kn_doc_pdf_t *p) {
  bool c = p->page_changed;
  p->page_changed = false;
  return c;
}

double kn_doc_pdf_label(kn_doc_pdf_t *p, double x, double y, double w, int style, int align, const char *text) {
  PangoLayout *l = layout(p, style, align, w, text);
  int lw, lh;
  pango_layout_get_size(l, &lw, &lh);
  if (p->draw) {
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    cairo_move_to(p->cr, x, y);
    pango_cairo_show_layout(p->cr, l);
  }
  g_object_unref(l);
  return (double)lh / PANGO_SCALE;
}
