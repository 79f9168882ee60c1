# Shared shell functions for scripts/run, scripts/test and bench/. Owner: platform.
# Sourced, not executed. Everything here works on a fresh Debian 12 machine as root.

KN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin

KN_PACKAGES="gcc make pkg-config meson ninja-build libulfius-dev libmicrohttpd-dev libjansson-dev \
libpq-dev libssl-dev libmagic-dev libargon2-dev libcurl4-gnutls-dev libcmocka-dev postgresql-15 python3 python3-pytest \
python3-requests python3-jwt python3-cryptography python3-psycopg2 python3-yaml python3-websocket chromium \
curl openssl util-linux"

kn_log() { printf '\033[1m[kinerja]\033[0m %s\n' "$*" >&2; }

# Install the Debian packages the project needs (only what is missing).
kn_install_deps() {
  local missing=() p
  for p in $KN_PACKAGES "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    kn_log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# Build into $1 (default build). Extra meson options follow.
kn_build() {
  local dir="${1:-build}"; shift || true
  if [ ! -f "$KN_ROOT/$dir/build.ninja" ]; then
    meson setup "$KN_ROOT/$dir" "$KN_ROOT" "$@" >/dev/null
  fi
  ninja -C "$KN_ROOT/$dir" >/dev/null
}

kn_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Start a private PostgreSQL 15 cluster in $1 on port $2 (initdb on first use). Creates the
# roles kinerja (owner, LOGIN, password in $1/../db-password), kinerja_app (NOLOGIN, what the
# server works as), kinerja_api (LOGIN, member of kinerja_app only, password in
# $1/../db-password-api: the login of `serve` and `worker`, which owns nothing) and the database
# kinerja. Prints the libpq URL for the kinerja role (kn_pg_app_url prints kinerja_api's).
# tests/api/test_replika.py builds a hot standby of this cluster with pg_basebackup over the
# socket: it relies on initdb's defaults (wal_level=replica, max_wal_senders=10, pg_hba
# `local replication all trust`) and starts the standby with the same max_connections.
kn_pg_start() {
  local data="$1" port="$2" pwfile apifile
  pwfile="$(dirname "$data")/db-password"
  apifile="$(dirname "$data")/db-password-api"
  mkdir -p "$data"
  chown postgres:postgres "$data"
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    runuser -u postgres -- "$PG_BIN/initdb" -D "$data" --auth-local=trust --auth-host=scram-sha-256 \
      -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    umask 077
    openssl rand -hex 24 > "$pwfile"
  fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${KN_PG_FSYNC:-on}" start >/dev/null
  [ -f "$apifile" ] || (umask 077; openssl rand -hex 24 > "$apifile")
  local pw apipw; pw="$(cat "$pwfile")"; apipw="$(cat "$apifile")"
  runuser -u postgres -- psql -q -h "$data" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kinerja') THEN
    CREATE ROLE kinerja LOGIN PASSWORD '$pw';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kinerja_app') THEN
    CREATE ROLE kinerja_app NOLOGIN;
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'kinerja_api') THEN
    CREATE ROLE kinerja_api LOGIN;
  END IF;
END \$\$;
ALTER ROLE kinerja_api PASSWORD '$apipw';
DO \$\$ BEGIN IF NOT pg_has_role('kinerja', 'kinerja_app', 'MEMBER') THEN GRANT kinerja_app TO kinerja; END IF; END \$\$;
DO \$\$ BEGIN IF NOT pg_has_role('kinerja_api', 'kinerja_app', 'MEMBER') THEN GRANT kinerja_app TO kinerja_api; END IF; END \$\$;
SELECT 'CREATE DATABASE kinerja OWNER kinerja' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'kinerja')
\gexec
SQL
  echo "host=127.0.0.1 port=$port dbname=kinerja user=kinerja password=$pw"
}

# The libpq URL of kinerja_api (the non-owner login of serve and worker) on the cluster in $1.
kn_pg_app_url() {
  local data="$1" port="$2"
  echo "host=127.0.0.1 port=$port dbname=kinerja user=kinerja_api password=$(cat "$(dirname "$data")/db-password-api")"
}

kn_pg_stop() {
  local data="$1"
  [ -f "$data/postmaster.pid" ] && runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
}

# Superuser psql on the private cluster: kn_psql DATA PORT [args...]
kn_psql() {
  local data="$1" port="$2"; shift 2
  runuser -u postgres -- psql -q -h "$data" -p "$port" -U postgres -d kinerja -v ON_ERROR_STOP=1 "$@"
}

# Wait until GET $1 answers 200 (max ~20 s).
kn_wait_http() {
  local url="$1" i
  for i in $(seq 1 200); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# Mint a token with the built binary: kn_token BIN SUB ROLES [NIP] [SCOPE]
kn_token() {
  local bin="$1" sub="$2" roles="$3" nip="${4:-}" scope="${5:-}" args=()
  [ -n "$nip" ] && args+=(--nip "$nip")
  [ -n "$scope" ] && args+=(--scope "$scope")
  "$bin" token --sub "$sub" --instansi "${KN_DEMO_INSTANSI:-demo}" --roles "$roles" --ttl 86400 "${args[@]}"
}

# Load the synthetic demo kabupaten through the real import API.
# kn_seed_demo BIN DBURL BASEURL [N_PEGAWAI]
kn_seed_demo() {
  local bin="$1" url="$2" base="$3" n="${4:-10000}" dir tok
  dir="$(mktemp -d)"
  python3 "$KN_ROOT/scripts/gen_demo.py" "$dir" --pegawai "$n" >/dev/null
  psql -q "$url" -v ON_ERROR_STOP=1 -c "INSERT INTO instansi (kode, nama, nama_kepala_daerah)
    VALUES ('${KN_DEMO_INSTANSI:-demo}', 'Pemerintah Kabupaten Contoh', 'Bupati Contoh (demo)')
    ON CONFLICT (kode) DO NOTHING" >/dev/null
  tok="$(kn_token "$bin" seed-admin admin_bkpsdm)"
  curl -fsS -X POST "$base/v1/import/unor" -H "Authorization: Bearer $tok" \
    -H 'Content-Type: application/json' --data-binary @"$dir/unor.json" >/dev/null
  curl -fsS -X POST "$base/v1/import/pegawai" -H "Authorization: Bearer $tok" \
    -H 'Content-Type: application/json' --data-binary @"$dir/pegawai.json" >/dev/null
  local setda
  setda="$(psql -qtA "$url" -c "SELECT u.id FROM unor u JOIN instansi i ON i.id = u.instansi_id
            WHERE i.kode = '${KN_DEMO_INSTANSI:-demo}' AND u.siasn_id = 'PD-SETDA'")"
  curl -fsS -X PATCH "$base/v1/instansi" -H "Authorization: Bearer $tok" \
    -H 'Content-Type: application/json' -d "{\"unor_setda_id\": $setda}" >/dev/null
  rm -rf "$dir"
}
