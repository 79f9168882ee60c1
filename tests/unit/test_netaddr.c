/* Unit tests for the webhook target address classifier (src/net/netaddr.c). Owner: integration
 * (issue 15, item 3). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kinerja/netaddr.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

/* Class of a host as a URL would spell it: literal parsed, then classified; -1 = malformed,
 * 100 = a name. */
static int host_class(const char *host) {
  uint32_t v4 = 0;
  uint8_t v6[16];
  int k = kn_netaddr_parse_literal(host, &v4, v6);
  if (k == 4) return (int)kn_netaddr_class_v4(v4);
  if (k == 6) return (int)kn_netaddr_class_v6(v6);
  return k == 0 ? 100 : -1;
}

static void loopback(void **state) {
  (void)state;
  const char *hosts[] = {"127.0.0.1", "127.0.0.2", "127.255.255.254", "127.1", "[::1]", "::1",
                         "[0:0:0:0:0:0:0:1]", NULL};
  for (int i = 0; hosts[i]; i++) assert_int_equal(host_class(hosts[i]), KN_ADDR_LOOPBACK);
}

static void unusual_spellings_of_loopback(void **state) {
  (void)state;
  /* decimal, octal, hex, short forms, mixed, trailing dot */
  const char *hosts[] = {"2130706433", "0177.0.0.1", "0x7f.0.0.1", "0x7f000001", "0x7F.1", "127.0.1",
                         "0177.1", "017700000001", "127.0.0.1.", "0x7f.0.0.0x1", NULL};
  for (int i = 0; hosts[i]; i++) assert_int_equal(host_class(hosts[i]), KN_ADDR_LOOPBACK);
  assert_int_equal(host_class("0"), KN_ADDR_UNSPECIFIED);
  assert_int_equal(host_class("0.0.0.0"), KN_ADDR_UNSPECIFIED);
  assert_int_equal(host_class("[::]"), KN_ADDR_UNSPECIFIED);
  assert_int_equal(host_class("167772161"), KN_ADDR_PRIVATE);      /* 10.0.0.1 */
  assert_int_equal(host_class("0xa9fea9fe"), KN_ADDR_METADATA);    /* 169.254.169.254 */
  assert_int_equal(host_class("0251.0376.0251.0376"), KN_ADDR_METADATA);
  assert_int_equal(host_class("169.254.43518"), KN_ADDR_METADATA);  /* 169.254.(169*256+254) */
}

static void malformed_numeric_hosts_refused(void **state) {
  (void)state;
  const char *hosts[] = {"256.1.1.1", "1.2.3.4.5", "0x", "08.1", "1..2", "4294967296", "1.2.3.256",
                         "1.2.65536", "[127.0.0.1]", "[::1", "[]", "::zz", "1.2.3.0x", NULL};
  for (int i = 0; hosts[i]; i++) assert_int_equal(host_class(hosts[i]), -1);
}

static void names_are_not_literals(void **state) {
  (void)state;
  const char *hosts[] = {"localhost", "example.go.id", "1password.com", "a.0x1g", "host-1", "x1.example", "0x1.0xg", NULL};
  for (int i = 0; hosts[i]; i++) assert_int_equal(host_class(hosts[i]), 100);
}

static void private_ranges(void **state) {
  (void)state;
  const char *priv[] = {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1",
                        "192.168.255.255", "[fc00::1]", "[fd12:3456::1]", "[64:ff9b:1::1]", NULL};
  for (int i = 0; priv[i]; i++) assert_int_equal(host_class(priv[i]), KN_ADDR_PRIVATE);
  const char *pub[] = {"9.255.255.255", "11.0.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
                       "192.169.0.0", "8.8.8.8", "1.1.1.1", "203.0.113.10", "198.51.100.1", "192.0.2.1",
                       "[2001:db8::1]", "[2606:4700::1111]", "100.63.255.255", "100.128.0.0", NULL};
  for (int i = 0; pub[i]; i++) assert_int_equal(host_class(pub[i]), KN_ADDR_PUBLIC);
  assert_int_equal(host_class("100.64.0.1"), KN_ADDR_SHARED);
  assert_int_equal(host_class("100.127.255.255"), KN_ADDR_SHARED);
}

static void link_local_and_metadata(void **state) {
  (void)state;
  assert_int_equal(host_class("169.254.0.1"), KN_ADDR_LINK_LOCAL);
  assert_int_equal(host_class("169.254.255.255"), KN_ADDR_LINK_LOCAL);
  assert_int_equal(host_class("169.254.169.254"), KN_ADDR_METADATA);
  assert_int_equal(host_class("100.100.100.200"), KN_ADDR_METADATA);
  assert_int_equal(host_class("[fd00:ec2::254]"), KN_ADDR_METADATA);
  assert_int_equal(host_class("[fe80::1]"), KN_ADDR_LINK_LOCAL);
  assert_int_equal(host_class("[fe80::1%25eth0]"), KN_ADDR_LINK_LOCAL);
  assert_int_equal(host_class("[febf::1]"), KN_ADDR_LINK_LOCAL);
  assert_int_equal(host_class("[fec0::1]"), KN_ADDR_RESERVED);
}

static void embedded_ipv4(void **state) {
  (void)state;
  assert_int_equal(host_class("[::ffff:127.0.0.1]"), KN_ADDR_LOOPBACK);
  assert_int_equal(host_class("[::ffff:7f00:1]"), KN_ADDR_LOOPBACK);
  assert_int_equal(host_class("[::ffff:10.1.2.3]"), KN_ADDR_PRIVATE);
  assert_int_equal(host_class("[::ffff:169.254.169.254]"), KN_ADDR_METADATA);
  assert_int_equal(host_class("[::ffff:0:127.0.0.1]"), KN_ADDR_LOOPBACK);
  assert_int_equal(host_class("[::127.0.0.1]"), KN_ADDR_LOOPBACK);
  assert_int_equal(host_class("[64:ff9b::127.0.0.1]"), KN_ADDR_LOOPBACK);
  assert_int_equal(host_class("[64:ff9b::192.168.1.1]"), KN_ADDR_PRIVATE);
  assert_int_equal(host_class("[2002:7f00:1::1]"), KN_ADDR_LOOPBACK);
  assert_int_equal(host_class("[2002:c0a8:101::1]"), KN_ADDR_PRIVATE);
  assert_int_equal(host_class("[::ffff:8.8.8.8]"), KN_ADDR_PUBLIC);
  assert_int_equal(host_class("[2002:808:808::1]"), KN_ADDR_PUBLIC);
  assert_int_equal(host_class("[2001:0:4136:e378::1]"), KN_ADDR_RESERVED); /* Teredo */
}

static void multicast_and_reserved(void **state) {
  (void)state;
  assert_int_equal(host_class("224.0.0.1"), KN_ADDR_MULTICAST);
  assert_int_equal(host_class("239.255.255.250"), KN_ADDR_MULTICAST);
  assert_int_equal(host_class("[ff02::1]"), KN_ADDR_MULTICAST);
  assert_int_equal(host_class("255.255.255.255"), KN_ADDR_RESERVED);
  assert_int_equal(host_class("240.0.0.1"), KN_ADDR_RESERVED);
  assert_int_equal(host_class("192.0.0.170"), KN_ADDR_RESERVED);
  assert_int_equal(host_class("198.18.0.1"), KN_ADDR_RESERVED);
  assert_int_equal(host_class("[100::1]"), KN_ADDR_RESERVED);
}

static void sockaddrs(void **state) {
  (void)state;
  struct sockaddr_in a4 = {.sin_family = AF_INET};
  inet_pton(AF_INET, "127.0.0.1", &a4.sin_addr);
  assert_int_equal(kn_netaddr_class_sockaddr((struct sockaddr *)&a4), KN_ADDR_LOOPBACK);
  inet_pton(AF_INET, "93.184.215.14", &a4.sin_addr);
  assert_int_equal(kn_netaddr_class_sockaddr((struct sockaddr *)&a4), KN_ADDR_PUBLIC);
  struct sockaddr_in6 a6 = {.sin6_family = AF_INET6};
  inet_pton(AF_INET6, "::ffff:192.168.0.1", &a6.sin6_addr);
  assert_int_equal(kn_netaddr_class_sockaddr((struct sockaddr *)&a6), KN_ADDR_PRIVATE);
  struct sockaddr un = {.sa_family = AF_UNIX};
  assert_int_equal(kn_netaddr_class_sockaddr(&un), KN_ADDR_RESERVED);
  assert_int_equal(kn_netaddr_class_sockaddr(NULL), KN_ADDR_RESERVED);
  assert_string_equal(kn_netaddr_class_name(KN_ADDR_LOOPBACK), "loopback");
}

static void allowlist(void **state) {
  (void)state;
  assert_true(kn_netaddr_host_listed("127.0.0.1", "127.0.0.1"));
  assert_true(kn_netaddr_host_listed("Hooks.Internal", "a.example, hooks.internal ,b"));
  assert_true(kn_netaddr_host_listed("[::1]", "::1"));
  assert_true(kn_netaddr_host_listed("::1", "[::1]"));
  assert_false(kn_netaddr_host_listed("127.0.0.2", "127.0.0.1"));
  assert_false(kn_netaddr_host_listed("hooks.internal.evil", "hooks.internal"));
  assert_false(kn_netaddr_host_listed("x", ""));
  assert_false(kn_netaddr_host_listed("x", NULL));
  assert_false(kn_netaddr_host_listed("", ","));
}

int main(void) {
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(loopback),
    cmocka_unit_test(unusual_spellings_of_loopback),
    cmocka_unit_test(malformed_numeric_hosts_refused),
    cmocka_unit_test(names_are_not_literals),
    cmocka_unit_test(private_ranges),
    cmocka_unit_test(link_local_and_metadata),
    cmocka_unit_test(embedded_ipv4),
    cmocka_unit_test(multicast_and_reserved),
    cmocka_unit_test(sockaddrs),
    cmocka_unit_test(allowlist),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
