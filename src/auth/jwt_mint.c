/* HS256 minting with libjwt (jwt_encode_str) for `kinerja token` (dev/demo) and POST
 * /v1/auth/token (client credentials). libjwt writes the header ({"alg","typ","kid"} as JSON,
 * so a kid is escaped, never pasted into the text), base64url-encodes and signs. Owner: auth. */
#include "kinerja/auth.h"
#include <jwt.h>
#include <stdlib.h>
#include <string.h>

char *kn_auth_jwt_mint_hs256(const char *secret, const char *kid, const char *payload_json) {
  jwt_t *jwt = NULL;
  char *out = NULL;
  size_t klen = strlen(secret);
  if (klen == 0 || klen > 4096 || jwt_new(&jwt) != 0) return NULL;
  /* claims must be one JSON object (libjwt refuses anything else and duplicate keys) */
  if (jwt_add_grants_json(jwt, payload_json) == 0 &&
      jwt_set_alg(jwt, JWT_ALG_HS256, (const unsigned char *)secret, (int)klen) == 0 &&
      (!kid || !*kid || jwt_add_header(jwt, "kid", kid) == 0))
    out = jwt_encode_str(jwt);
  jwt_free(jwt); /* scrubs its copy of the key */
  return out;
}
