/* Address classification for outbound connections (webhook targets): which IP addresses are
 * internal to this machine or its networks and so must never be a delivery target. Pure: no
 * resolution, no sockets (src/webhook/target.c resolves and pins). Owner: integration. */
#ifndef KINERJA_NETADDR_H
#define KINERJA_NETADDR_H
#include <stdbool.h>
#include <stdint.h>

struct sockaddr;

typedef enum kn_addr_class {
  KN_ADDR_PUBLIC = 0,   /* globally routable (documentation ranges included: they route nowhere) */
  KN_ADDR_UNSPECIFIED,  /* 0.0.0.0/8, :: */
  KN_ADDR_LOOPBACK,     /* 127.0.0.0/8, ::1 */
  KN_ADDR_PRIVATE,      /* 10/8, 172.16/12, 192.168/16, fc00::/7, 64:ff9b:1::/48 */
  KN_ADDR_SHARED,       /* 100.64.0.0/10 (carrier-grade NAT; cloud metadata lives there too) */
  KN_ADDR_LINK_LOCAL,   /* 169.254.0.0/16, fe80::/10 */
  KN_ADDR_METADATA,     /* 169.254.169.254, fd00:ec2::254, 100.100.100.200 (cloud metadata) */
  KN_ADDR_MULTICAST,    /* 224.0.0.0/4, ff00::/8 */
  KN_ADDR_RESERVED,     /* 240/4, broadcast, 192.0.0/24, 198.18/15, fec0::/10, 100::/64, Teredo */
} kn_addr_class_t;

/* Class of an IPv4 address in host byte order. */
kn_addr_class_t kn_netaddr_class_v4(uint32_t a);
/* Class of an IPv6 address (network order bytes). Embedded IPv4 (v4-mapped ::ffff:0:0/96,
 * v4-translated ::ffff:0:0:0/96, v4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16) is
 * classified as that IPv4 address. */
kn_addr_class_t kn_netaddr_class_v6(const uint8_t a[16]);
/* Class of an AF_INET or AF_INET6 socket address; any other family is KN_ADDR_RESERVED. */
kn_addr_class_t kn_netaddr_class_sockaddr(const struct sockaddr *sa);
/* Short English name of a class ("loopback", "private", ...) for logs and problem details. */
const char *kn_netaddr_class_name(kn_addr_class_t c);

/* Parse a URL host that is an IP literal. IPv4 in every spelling resolvers accept: 1 to 4 parts,
 * each decimal, octal (leading 0) or hex (0x), the last part filling the remaining bytes
 * ("127.1", "2130706433", "0177.0.0.1", "0x7f.0.0.1"); IPv6 bare or in brackets, a zone id
 * ("%25eth0" or "%eth0") ignored. Returns 4 (v4 in *v4, host order), 6 (v6 in v6[]), 0 when the
 * host is a name, -1 when it looks numeric but is no valid address ("256.1.1.1", "1.2.3.4.5",
 * "0x", "08.1"): refuse those, since resolvers disagree about them. */
int kn_netaddr_parse_literal(const char *host, uint32_t *v4, uint8_t v6[16]);

/* True when host (brackets of an IPv6 literal ignored) is an entry of the comma-separated list
 * (case-insensitive, surrounding spaces ignored). */
bool kn_netaddr_host_listed(const char *host, const char *list);
#endif
