#!/bin/bash
# First-start script of the PostgreSQL primary in docker/compose.yaml (mounted into
# /docker-entrypoint-initdb.d of the postgres image). Creates the roles the API needs (as
# scripts/lib.sh kn_pg_start does on the host), the replication role and its pg_hba line.
# Passwords come from docker/db.env (KN_DB_PASSWORD, KN_REPLICATION_PASSWORD). Owner: platform.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
     -v dbpw="$KN_DB_PASSWORD" -v replpw="$KN_REPLICATION_PASSWORD" <<'SQL'
CREATE ROLE kinerja LOGIN PASSWORD :'dbpw';
CREATE ROLE kinerja_app NOLOGIN;
GRANT kinerja_app TO kinerja;
CREATE DATABASE kinerja OWNER kinerja;
CREATE ROLE replicator LOGIN REPLICATION PASSWORD :'replpw';
SELECT pg_create_physical_replication_slot('replica1');
SQL
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
