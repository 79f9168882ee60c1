/* Webhook targets: parse, resolve and refuse internal addresses (issue 15, item 3). Owner:
 * integration. Checked when a subscription is created or its URL changes (src/api/webhook.c)
 * and again before every delivery (src/webhook/worker.c), which then connects only to the
 * addresses checked here (CURLOPT_RESOLVE) and re-checks the address of every socket it opens. */
#include "kinerja/webhook.h"
#include "kinerja/config.h"
#include "kinerja/netaddr.h"
#include <arpa/inet.h>
#include <curl/curl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static kn_webhook_target_rc_t resolve(kn_webhook_target_t *t, const char *port) {
  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *res = NULL;
  if (getaddrinfo(t->host, port, &hints, &res) != 0 || !res) return KN_TARGET_UNRESOLVABLE;
  size_t len = (size_t)snprintf(t->resolve, sizeof t->resolve, "%s:%s:", t->host, port);
  kn_webhook_target_rc_t rc = KN_TARGET_OK;
  int n = 0;
  for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
    kn_addr_class_t c = kn_netaddr_class_sockaddr(ai->ai_addr);
    if (c != KN_ADDR_PUBLIC && !t->listed) {
      t->cls = (int)c;
      rc = KN_TARGET_FORBIDDEN;
      break;
    }
    char a[INET6_ADDRSTRLEN];
    const void *src = ai->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr
                                               : (const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;
    if (!inet_ntop(ai->ai_family, src, a, sizeof a)) continue;
    if (strstr(t->resolve + len, a)) continue; /* getaddrinfo repeats an address per protocol */
    int w = snprintf(t->resolve + strlen(t->resolve), sizeof t->resolve - strlen(t->resolve),
                     ai->ai_family == AF_INET6 ? "%s[%s]" : "%s%s", n ? "," : "", a);
    if (w < 0 || strlen(t->resolve) + 1 >= sizeof t->resolve) break; /* enough addresses */
    n++;
  }
  freeaddrinfo(res);
  if (rc == KN_TARGET_OK && n == 0) rc = KN_TARGET_UNRESOLVABLE;
  return rc;
}

kn_webhook_target_rc_t kn_webhook_target_check(const char *url, kn_webhook_target_t *t) {
  memset(t, 0, sizeof *t);
  t->cls = KN_ADDR_PUBLIC;
  CURLU *u = curl_url();
  if (!u) return KN_TARGET_BAD_URL;
  char *scheme = NULL, *host = NULL, *port = NULL;
  kn_webhook_target_rc_t rc = KN_TARGET_BAD_URL;
  if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
      curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) != CURLUE_OK)
    goto out;
  if ((strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0) || strlen(host) >= sizeof t->host) goto out;
  snprintf(t->host, sizeof t->host, "%s", host);
  t->listed = kn_netaddr_host_listed(t->host, kn_cfg.webhook_allow_hosts);
  uint32_t v4;
  uint8_t v6[16];
  int lit = kn_netaddr_parse_literal(t->host, &v4, v6);
  if (lit < 0) goto out;
  if (lit > 0) {
    kn_addr_class_t c = lit == 4 ? kn_netaddr_class_v4(v4) : kn_netaddr_class_v6(v6);
    t->cls = (int)c;
    rc = c == KN_ADDR_PUBLIC || t->listed ? KN_TARGET_OK : KN_TARGET_FORBIDDEN;
    if (rc == KN_TARGET_OK) t->cls = KN_ADDR_PUBLIC;
    goto out;
  }
  rc = resolve(t, port);
out:
  curl_free(scheme);
  curl_free(host);
  curl_free(port);
  curl_url_cleanup(u);
  return rc;
}
