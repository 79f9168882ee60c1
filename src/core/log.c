/* JSON-lines logging. Owner: core. */
#include "kinerja/log.h"
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

size_t kn_log_json_escape(char *buf, size_t cap, size_t len, const char *s) {
  for (; s && *s && len + 7 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') { buf[len++] = '\\'; buf[len++] = (char)c; }
    else if (c < 0x20) len += (size_t)snprintf(buf + len, cap - len, "\\u%04x", c);
    else buf[len++] = (char)c;
  }
  if (len < cap) buf[len] = '\0';
  return len;
}

static void now_iso(char *out, size_t cap) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  struct tm tm;
  gmtime_r(&ts.tv_sec, &tm);
  size_t n = strftime(out, cap, "%Y-%m-%dT%H:%M:%S", &tm);
  snprintf(out + n, cap - n, ".%03ldZ", ts.tv_nsec / 1000000L);
}

void kn_log(const char *level, const char *fmt, ...) {
  char msg[1024], esc[2200], ts[40];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  kn_log_json_escape(esc, sizeof esc, 0, msg);
  now_iso(ts, sizeof ts);
  fprintf(stderr, "{\"ts\":\"%s\",\"level\":\"%s\",\"msg\":\"%s\"}\n", ts, level, esc);
}

void kn_log_access(const char *method, const char *path, long status, long usec,
                   const char *request_id, const char *subject) {
  char p[600], rid[200], sub[300], ts[40];
  kn_log_json_escape(p, sizeof p, 0, path);
  kn_log_json_escape(rid, sizeof rid, 0, request_id ? request_id : "");
  kn_log_json_escape(sub, sizeof sub, 0, subject ? subject : "");
  now_iso(ts, sizeof ts);
  fprintf(stderr,
          "{\"ts\":\"%s\",\"level\":\"info\",\"msg\":\"access\",\"method\":\"%s\",\"path\":\"%s\","
          "\"status\":%ld,\"duration_us\":%ld,\"request_id\":\"%s\",\"sub\":\"%s\"}\n",
          ts, method, p, status, usec, rid, sub);
}
