/* Address classification of webhook targets (see kinerja/netaddr.h). Pure. Owner: integration. */
#include "kinerja/netaddr.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

static bool in4(uint32_t a, uint32_t net, int bits) {
  uint32_t mask = bits == 0 ? 0 : 0xFFFFFFFFu << (32 - bits);
  return (a & mask) == (net & mask);
}

#define V4(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

kn_addr_class_t kn_netaddr_class_v4(uint32_t a) {
  if (a == V4(169, 254, 169, 254) || a == V4(100, 100, 100, 200)) return KN_ADDR_METADATA;
  if (in4(a, V4(0, 0, 0, 0), 8)) return KN_ADDR_UNSPECIFIED;
  if (in4(a, V4(127, 0, 0, 0), 8)) return KN_ADDR_LOOPBACK;
  if (in4(a, V4(10, 0, 0, 0), 8) || in4(a, V4(172, 16, 0, 0), 12) || in4(a, V4(192, 168, 0, 0), 16))
    return KN_ADDR_PRIVATE;
  if (in4(a, V4(100, 64, 0, 0), 10)) return KN_ADDR_SHARED;
  if (in4(a, V4(169, 254, 0, 0), 16)) return KN_ADDR_LINK_LOCAL;
  if (in4(a, V4(224, 0, 0, 0), 4)) return KN_ADDR_MULTICAST;
  if (in4(a, V4(240, 0, 0, 0), 4) || in4(a, V4(192, 0, 0, 0), 24) || in4(a, V4(198, 18, 0, 0), 15))
    return KN_ADDR_RESERVED; /* 240/4 includes 255.255.255.255 */
  return KN_ADDR_PUBLIC;
}

static uint32_t v4_at(const uint8_t *p) { return V4(p[0], p[1], p[2], p[3]); }

static bool zero(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i]) return false;
  return true;
}

kn_addr_class_t kn_netaddr_class_v6(const uint8_t a[16]) {
  static const uint8_t ec2[16] = {0xfd, 0x00, 0x0e, 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54}; /* fd00:ec2::254 */
  if (memcmp(a, ec2, 16) == 0) return KN_ADDR_METADATA;
  if (zero(a, 15) && a[15] == 0) return KN_ADDR_UNSPECIFIED;
  if (zero(a, 15) && a[15] == 1) return KN_ADDR_LOOPBACK;
  if (zero(a, 10) && a[10] == 0xff && a[11] == 0xff) return kn_netaddr_class_v4(v4_at(a + 12)); /* ::ffff:a.b.c.d */
  if (zero(a, 8) && a[8] == 0xff && a[9] == 0xff && a[10] == 0 && a[11] == 0)
    return kn_netaddr_class_v4(v4_at(a + 12));                                                  /* ::ffff:0:a.b.c.d */
  if (zero(a, 12)) return kn_netaddr_class_v4(v4_at(a + 12));                                   /* ::a.b.c.d */
  if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b) {
    if (zero(a + 4, 8)) return kn_netaddr_class_v4(v4_at(a + 12));                              /* 64:ff9b::/96 */
    if (a[4] == 0 && a[5] == 1) return KN_ADDR_PRIVATE;                                         /* 64:ff9b:1::/48 */
  }
  if (a[0] == 0x20 && a[1] == 0x02) return kn_netaddr_class_v4(v4_at(a + 2));                  /* 2002::/16 */
  if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) return KN_ADDR_RESERVED;          /* Teredo */
  if (a[0] == 0x01 && a[1] == 0 && zero(a + 2, 6)) return KN_ADDR_RESERVED;                     /* 100::/64 */
  if ((a[0] & 0xfe) == 0xfc) return KN_ADDR_PRIVATE;                                            /* fc00::/7 */
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return KN_ADDR_LINK_LOCAL;                         /* fe80::/10 */
  if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) return KN_ADDR_RESERVED;                           /* fec0::/10 */
  if (a[0] == 0xff) return KN_ADDR_MULTICAST;
  return KN_ADDR_PUBLIC;
}

kn_addr_class_t kn_netaddr_class_sockaddr(const struct sockaddr *sa) {
  if (!sa) return KN_ADDR_RESERVED;
  if (sa->sa_family == AF_INET) return kn_netaddr_class_v4(ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr));
  if (sa->sa_family == AF_INET6) return kn_netaddr_class_v6(((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr);
  return KN_ADDR_RESERVED;
}

const char *kn_netaddr_class_name(kn_addr_class_t c) {
  switch (c) {
  case KN_ADDR_PUBLIC: return "public";
  case KN_ADDR_UNSPECIFIED: return "unspecified";
  case KN_ADDR_LOOPBACK: return "loopback";
  case KN_ADDR_PRIVATE: return "private";
  case KN_ADDR_SHARED: return "shared (carrier-grade NAT)";
  case KN_ADDR_LINK_LOCAL: return "link-local";
  case KN_ADDR_METADATA: return "cloud metadata";
  case KN_ADDR_MULTICAST: return "multicast";
  case KN_ADDR_RESERVED: return "reserved";
  }
  return "reserved";
}

/* One IPv4 part: decimal, 0-octal or 0x-hex. -1 when malformed. */
static long long v4_part(const char *s, size_t n) {
  if (n == 0) return -1;
  int base = 10;
  if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) { base = 16; s += 2; n -= 2; }
  else if (n >= 2 && s[0] == '0') { base = 8; s++; n--; }
  if (n == 0) return -1; /* "0x" alone: resolvers differ */
  long long v = 0;
  for (size_t i = 0; i < n; i++) {
    int c = (unsigned char)s[i], d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (base == 16 && isxdigit(c)) d = tolower(c) - 'a' + 10;
    else return -1;
    if (d >= base) return -1;
    v = v * base + d;
    if (v > 0xFFFFFFFFLL) return -1;
  }
  return v;
}

/* WHATWG URL's "ends in a number": the last label (before one trailing dot) is all digits or
 * 0x + hex digits. Such a host must parse as IPv4 or be refused: it can be no name. */
static bool looks_numeric(const char *h) {
  size_t n = strlen(h);
  if (n && h[n - 1] == '.') n--;
  size_t s = n;
  while (s > 0 && h[s - 1] != '.') s--;
  const char *l = h + s;
  size_t ln = n - s;
  if (ln == 0) return false;
  size_t i = 0;
  bool hex = ln >= 2 && l[0] == '0' && (l[1] == 'x' || l[1] == 'X');
  if (hex) i = 2;
  for (; i < ln; i++)
    if (!(hex ? isxdigit((unsigned char)l[i]) : isdigit((unsigned char)l[i]))) return false;
  return true;
}

static int parse_v4(const char *h, uint32_t *out) {
  size_t len = strlen(h);
  if (len > 0 && h[len - 1] == '.') len--; /* one trailing dot is the root */
  long long parts[4];
  int np = 0;
  size_t i = 0;
  while (i <= len) {
    size_t j = i;
    while (j < len && h[j] != '.') j++;
    if (np == 4) return -1;
    long long v = v4_part(h + i, j - i);
    if (v < 0) return -1;
    parts[np++] = v;
    i = j + 1;
  }
  uint32_t a = 0;
  for (int k = 0; k < np - 1; k++) {
    if (parts[k] > 255) return -1;
    a |= (uint32_t)parts[k] << (24 - 8 * k);
  }
  long long last = parts[np - 1];
  if (last >= (1LL << (8 * (5 - np)))) return -1;
  *out = a | (uint32_t)last;
  return 4;
}

int kn_netaddr_parse_literal(const char *host, uint32_t *v4, uint8_t v6[16]) {
  if (!host || !*host) return -1;
  size_t n = strlen(host);
  char buf[128];
  const char *h = host;
  bool bracket = host[0] == '[';
  if (bracket) {
    if (n < 3 || host[n - 1] != ']' || n - 2 >= sizeof buf) return -1;
    memcpy(buf, host + 1, n - 2);
    buf[n - 2] = '\0';
  } else if (strchr(host, ':')) {
    if (n >= sizeof buf) return -1;
    memcpy(buf, host, n + 1);
  } else {
    if (!looks_numeric(h)) return 0;
    return parse_v4(h, v4);
  }
  char *zone = strchr(buf, '%');
  if (zone) *zone = '\0';
  struct in6_addr a6;
  if (inet_pton(AF_INET6, buf, &a6) != 1) return -1;
  memcpy(v6, a6.s6_addr, 16);
  return 6;
}

bool kn_netaddr_host_listed(const char *host, const char *list) {
  if (!host || !list) return false;
  size_t hl = strlen(host);
  if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') { host++; hl -= 2; }
  const char *p = list;
  while (*p) {
    while (*p == ' ' || *p == ',') p++;
    const char *e = p;
    while (*e && *e != ',') e++;
    const char *t = e;
    while (t > p && t[-1] == ' ') t--;
    const char *s = p;
    size_t n = (size_t)(t - s);
    if (n >= 2 && s[0] == '[' && s[n - 1] == ']') { s++; n -= 2; }
    if (n && n == hl && strncasecmp(s, host, n) == 0) return true;
    p = e;
  }
  return false;
}
