/* KINERJA_CORS_ORIGINS: the allowlist of browser origins that may call the API from another
 * site. Owner: core. Decides what an acceptable entry is: an exact serialised origin as a browser
 * sends it in the Origin header (lowercase http/https scheme and host, a port only when it is not
 * the scheme's default, no path, no wildcard), so that matching at run time is a plain string
 * comparison and a typo fails at start-up instead of silently blocking every call. */
#include "kinerja/config.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* Checks one origin of length n; on failure writes the reason (English, for the operator). */
static bool valid_origin(const char *o, size_t n, char *why, size_t cap) {
  size_t skip;
  const char *def_port;
  if (n > 7 && strncmp(o, "http://", 7) == 0) { skip = 7; def_port = "80"; }
  else if (n > 8 && strncmp(o, "https://", 8) == 0) { skip = 8; def_port = "443"; }
  else { snprintf(why, cap, "must start with http:// or https:// (lowercase)"); return false; }
  const char *h = o + skip, *end = o + n, *p = h;
  while (p < end && host_char(*p)) p++;
  if (p == h || *h == '.' || *h == '-' || p[-1] == '.' || p[-1] == '-') {
    snprintf(why, cap, "needs a host name of lowercase letters, digits, '-' and '.'");
    return false;
  }
  if (p < end && *p == ':') {
    const char *port = ++p;
    while (p < end && *p >= '0' && *p <= '9') p++;
    long v = (p > port && p - port <= 5) ? strtol(port, NULL, 10) : 0;
    if (p != end || v < 1 || v > 65535 || *port == '0') {
      snprintf(why, cap, "port must be a number 1-65535");
      return false;
    }
    if ((size_t)(end - port) == strlen(def_port) && strncmp(port, def_port, (size_t)(end - port)) == 0) {
      snprintf(why, cap, "leave out the default port %s: browsers send the origin without it", def_port);
      return false;
    }
  }
  if (p != end) {
    snprintf(why, cap, "must be scheme://host[:port] only, without path, '/', query, user or wildcard");
    return false;
  }
  return true;
}

int kn_config_set_cors_origins(const char *value, char *why, size_t cap) {
  kn_cfg.ncors_origins = 0;
  if (!value || !*value) return 0;
  const char *p = value;
  for (;;) {
    while (*p == ' ') p++;
    const char *s = p;
    while (*p && *p != ',' && *p != ' ') p++;
    size_t n = (size_t)(p - s);
    while (*p == ' ') p++;
    if (*p && *p != ',') { snprintf(why, cap, "entries are separated by commas"); return -1; }
    char reason[160];
    if (n == 0) { snprintf(why, cap, "empty entry (doubled or trailing comma)"); return -1; }
    if (n >= sizeof kn_cfg.cors_origins[0] || !valid_origin(s, n, reason, sizeof reason)) {
      if (n >= sizeof kn_cfg.cors_origins[0]) snprintf(reason, sizeof reason, "too long");
      snprintf(why, cap, "'%.*s': %s", (int)(n > 100 ? 100 : n), s, reason);
      return -1;
    }
    if (kn_cfg.ncors_origins >= KN_CORS_MAX_ORIGINS) {
      snprintf(why, cap, "at most %d origins", KN_CORS_MAX_ORIGINS);
      return -1;
    }
    memcpy(kn_cfg.cors_origins[kn_cfg.ncors_origins], s, n);
    kn_cfg.cors_origins[kn_cfg.ncors_origins++][n] = '\0';
    if (!*p) return 0;
    p++;
  }
}
