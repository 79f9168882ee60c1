/* Evidence upload client in C for bench/run-bukti and bench/run-cycle (issue 17). Owner: bench.
 *
 *   bench_upload --base http://127.0.0.1:PORT --list FILE --file PDF [-c 4] [-n N] [--distinct]
 *
 * The same measurement as `bench/cycle_client.py upload`: PUT --file to /v1/bukti/{id}/konten once
 * per line "id<TAB>token" of --list, over C keep-alive connections (line i goes to connection
 * i % C), every answer must be 200 and carry the sha256 of what was sent (with --distinct each
 * upload's last 16 bytes are its bukti id, so no two uploads share a hash, and only each
 * connection's first answer is checked, as cycle_client.py does). One writev per request (headers
 * and the body from the same buffer): about 0.25 ms of client CPU per 1 MiB upload here, against
 * 1.0 ms for the Python client, on the 2 cores the server and PostgreSQL share. Throughput is
 * payload bytes / wall time from the first request to the last answer. Prints one JSON object
 * like cycle_client.py's. Build: ninja -C build-bench bench_upload. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

typedef struct { char *id, *tok; } item_t;
typedef struct {
  int idx;
  double *lat;
  int nlat, errors;
  char err[300];
} worker_t;

static const char *host = "127.0.0.1";
static int port, conns = 4, distinct;
static item_t *items;
static int nitems;
static const char *file_data;
static size_t file_len;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

static int dial(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  inet_pton(AF_INET, host, &a.sin_addr);
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) { close(fd); return -1; }
  return fd;
}

static int send_all(int fd, struct iovec *iov, int n) {
  while (n > 0) {
    ssize_t w = writev(fd, iov, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return -1;
    while (n > 0 && (size_t)w >= iov->iov_len) { w -= (ssize_t)iov->iov_len; iov++; n--; }
    if (n > 0) { iov->iov_base = (char *)iov->iov_base + w; iov->iov_len -= (size_t)w; }
  }
  return 0;
}

/* Reads one answer into buf (headers and body, NUL-terminated): its status, or -1. */
static int read_answer(int fd, char *buf, size_t cap, char **body) {
  size_t have = 0;
  char *end = NULL;
  while (!(end = strstr(buf, "\r\n\r\n"))) {
    if (have + 1 >= cap) return -1;
    ssize_t r = read(fd, buf + have, cap - 1 - have);
    if (r <= 0) return -1;
    have += (size_t)r;
    buf[have] = '\0';
  }
  *body = end + 4;
  size_t hdr = (size_t)(*body - buf), clen = 0;
  for (char *p = strstr(buf, "\r\n"); p && p < end; p = strstr(p + 2, "\r\n"))
    if (strncasecmp(p + 2, "Content-Length:", 15) == 0) clen = strtoul(p + 17, NULL, 10);
  if (hdr + clen + 1 > cap) return -1;
  while (have < hdr + clen) {
    ssize_t r = read(fd, buf + have, hdr + clen - have);
    if (r <= 0) return -1;
    have += (size_t)r;
  }
  buf[hdr + clen] = '\0';
  return atoi(buf + 9);
}

/* "<sha256 hex>" of the body, quoted as the answer's JSON has it */
static void sha_quoted(const char *body, char out[70]) {
  unsigned char md[32];
  unsigned n = 0;
  EVP_Digest(body, file_len, md, &n, EVP_sha256(), NULL);
  out[0] = '"';
  for (int k = 0; k < 32; k++) sprintf(out + 1 + 2 * k, "%02x", md[k]);
  out[65] = '"';
  out[66] = '\0';
}

static void fail(worker_t *w, const char *id, const char *what) {
  if (!w->errors) snprintf(w->err, sizeof w->err, "%s: %.200s", id, what);
  w->errors++;
}

static void *worker(void *arg) {
  worker_t *w = arg;
  char *body = malloc(file_len), hdr[1200], *ans = malloc(1 << 16), *ab;
  memcpy(body, file_data, file_len);
  int fd = dial(), first = 1;
  char hex[70];
  for (int i = w->idx; i < nitems; i += conns) {
    if (fd < 0 && (fd = dial()) < 0) { fail(w, items[i].id, "connect failed"); continue; }
    if (distinct) {
      char tail[17];
      snprintf(tail, sizeof tail, "%016lld", atoll(items[i].id));
      memcpy(body + file_len - 16, tail, 16);
    }
    int hl = snprintf(hdr, sizeof hdr, "PUT /v1/bukti/%s/konten HTTP/1.1\r\nHost: %s:%d\r\nAuthorization: Bearer %s\r\n"
                      "Content-Type: application/pdf\r\nContent-Length: %zu\r\n\r\n", items[i].id, host, port, items[i].tok, file_len);
    struct iovec iov[2] = {{hdr, (size_t)hl}, {body, file_len}};
    double t0 = now_s();
    ans[0] = '\0';
    int st = send_all(fd, iov, 2) == 0 ? read_answer(fd, ans, 1 << 16, &ab) : -1;
    if (st < 0) { fail(w, items[i].id, "connection failed"); close(fd); fd = -1; continue; }
    w->lat[w->nlat++] = (now_s() - t0) * 1000;
    if (st != 200) { fail(w, items[i].id, ans); continue; }
    if (!distinct || first) {
      if (first) sha_quoted(body, hex); /* without --distinct every body is the same */
      if (!strstr(ab, "\"sha256\"") || !strstr(ab, hex)) fail(w, items[i].id, "sha256 in the answer differs");
    }
    first = 0;
  }
  if (fd >= 0) close(fd);
  free(body);
  free(ans);
  return NULL;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = malloc((size_t)n + 1);
  if (fread(b, 1, (size_t)n, f) != (size_t)n) { fclose(f); free(b); return NULL; }
  fclose(f);
  b[n] = '\0';
  *len = (size_t)n;
  return b;
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN); /* a server that answers before the body closes: counted, not fatal */
  const char *base = NULL, *list = NULL, *file = NULL;
  int limit = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--distinct")) distinct = 1;
    else if (i + 1 < argc && !strcmp(argv[i], "--base")) base = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "--list")) list = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "--file")) file = argv[++i];
    else if (i + 1 < argc && !strcmp(argv[i], "-c")) conns = atoi(argv[++i]);
    else if (i + 1 < argc && !strcmp(argv[i], "-n")) limit = atoi(argv[++i]);
    else { fprintf(stderr, "usage: %s --base URL --list FILE --file PDF [-c 4] [-n N] [--distinct]\n", argv[0]); return 2; }
  }
  static char hostbuf[64];
  if (!base || !list || !file || sscanf(base, "http://%63[0-9.]:%d", hostbuf, &port) != 2 || conns < 1) {
    fprintf(stderr, "--base http://IPv4:PORT, --list and --file are needed\n");
    return 2;
  }
  host = hostbuf;
  size_t llen;
  char *l = slurp(list, &llen);
  file_data = slurp(file, &file_len);
  if (!l || !file_data || file_len < 16) { fprintf(stderr, "cannot read %s or %s\n", list, file); return 2; }
  items = calloc(llen / 2 + 1, sizeof *items);
  for (char *save = NULL, *line = strtok_r(l, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    char *tab = strchr(line, '\t');
    if (!tab) continue;
    *tab = '\0';
    char *t2 = strchr(tab + 1, '\t');
    if (t2) *t2 = '\0';
    items[nitems++] = (item_t){line, tab + 1};
    if (limit && nitems == limit) break;
  }
  worker_t *w = calloc((size_t)conns, sizeof *w);
  pthread_t *th = calloc((size_t)conns, sizeof *th);
  double t0 = now_s();
  for (int i = 0; i < conns; i++) {
    w[i].idx = i;
    w[i].lat = calloc((size_t)nitems / (size_t)conns + 2, sizeof(double));
    pthread_create(&th[i], NULL, worker, &w[i]);
  }
  for (int i = 0; i < conns; i++) pthread_join(th[i], NULL);
  double wall = now_s() - t0;
  int nl = 0, errors = 0;
  double *lat = calloc((size_t)nitems + 1, sizeof(double));
  const char *sample = "";
  for (int i = 0; i < conns; i++) {
    memcpy(lat + nl, w[i].lat, (size_t)w[i].nlat * sizeof(double));
    nl += w[i].nlat;
    errors += w[i].errors;
    if (w[i].errors && !*sample) sample = w[i].err;
  }
  qsort(lat, (size_t)nl, sizeof(double), cmp);
  int ok = nl - errors;
  if (ok < 0) ok = 0;
#define P(p) (nl ? lat[(int)(nl * (p)) < nl ? (int)(nl * (p)) : nl - 1] : 0)
  printf("{\"client\": \"bench_upload (C)\", \"requests\": %d, \"ok\": %d, \"errors\": %d, \"error_sample\": [", nitems, ok, errors);
  if (*sample) {
    putchar('"');
    for (const char *p = sample; *p; p++) if (*p != '"' && *p != '\\' && (unsigned char)*p >= 32) putchar(*p);
    putchar('"');
  }
  printf("], \"bytes_each\": %zu, \"seconds\": %.3f, \"req_s\": %.1f, \"mb_s\": %.1f, \"mib_s\": %.1f, "
         "\"ms\": {\"min\": %.3f, \"p50\": %.3f, \"p90\": %.3f, \"p99\": %.3f, \"max\": %.3f}}\n",
         file_len, wall, ok / wall, ok * (double)file_len / wall / 1e6, ok * (double)file_len / wall / 1048576,
         P(0), P(0.5), P(0.9), P(0.99), nl ? lat[nl - 1] : 0);
  return 0;
}
