-- Revocation of issued client tokens (issue 15, item 8): a client's generation is raised when it
-- is disabled, re-enabled, its scopes change or its secret is rotated. Tokens from
-- POST /v1/auth/token carry the generation they were minted at (claim `kgen`; none = 0); every
-- node compares it with the database's at most KINERJA_CLIENT_CHECK_MS old (klien_status), so a
-- disabled or rotated client's tokens stop working within that bound, not at their expiry.
-- Owner: security.
ALTER TABLE klien ADD COLUMN generasi int NOT NULL DEFAULT 0;
