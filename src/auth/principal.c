/* Principal helpers. Owner: auth. */
#include "kinerja/auth.h"
#include <string.h>

unsigned kn_auth_role_from_name(const char *name) {
  static const struct { const char *n; unsigned bit; } ROLES[] = {
    {"pegawai", KN_ROLE_PEGAWAI}, {"admin_pd", KN_ROLE_ADMIN_PD},
    {"admin_bkpsdm", KN_ROLE_ADMIN_BKPSDM}, {"auditor", KN_ROLE_AUDITOR},
    {"integrasi", KN_ROLE_INTEGRASI},
  };
  for (size_t i = 0; i < sizeof ROLES / sizeof ROLES[0]; i++)
    if (strcmp(ROLES[i].n, name) == 0) return ROLES[i].bit;
  return 0;
}

bool kn_auth_principal_has_scope(const kn_auth_principal_t *p, const char *scope) {
  size_t n = strlen(scope);
  const char *s = p->scope;
  while (*s) {
    while (*s == ' ') s++;
    const char *e = s;
    while (*e && *e != ' ') e++;
    if ((size_t)(e - s) == n && strncmp(s, scope, n) == 0) return true;
    s = e;
  }
  return false;
}
