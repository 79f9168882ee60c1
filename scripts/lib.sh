# Shared shell functions for scripts/run, scripts/test and bench/. Owner: platform.
# Sourced, not executed. Everything here works on a fresh Debian 12 machine as root.

KN_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PG_BIN=/usr/lib/postgresql/15/bin

KN_PACKAGES="gcc make pkg-config meson ninja-build libulfius-dev libmicrohttpd-dev libjansson-dev \
libpq-dev libssl-dev libmagic-dev libargon2-dev libcurl4-gnutls-dev libcmocka-dev postgresql-15 python3 python3-pytest \
python3-requests python3-jwt python3-cryptography python3-psycopg2 python3-yaml python3-websocket chromium \
curl openssl util-linux \
libcairo2-dev libpango1.0-dev libqrencode-dev fonts-dejavu-core poppler-utils libjwt-dev \
faketime"   # faketime: the scheduler tests run each scheduler on a clock of its own (tests/api/scheduler.py)

# Run a command as the postgres user from / (it may not be allowed into the caller's directory).
kn_as_postgres() { (cd / && runuser -u postgres -- "$@"); }

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

# The directory a cluster asked for at $1 really lives in. The postgres user must be able to reach
# it: under a directory it cannot traverse (a clone in root's mode-700 home) the data goes to
# /var/lib/kinerja/pg/<hash of $1> instead, with $1 a symlink to it. Prints the real path.
kn_pg_dir() {
  local want="$1" parent real
  parent="$(dirname "$want")"
  mkdir -p "$parent"
  if [ -L "$want" ]; then readlink -f "$want"; return; fi
  if [ -f "$want/PG_VERSION" ] || kn_as_postgres test -x "$parent" 2>/dev/null; then
    echo "$want"; return
  fi
  [ -d "$want" ] && { rmdir "$want" || return 1; }   # left empty by an earlier failed start
  real="/var/lib/kinerja/pg/$(printf '%s' "$(cd "$parent" && pwd)/$(basename "$want")" | sha256sum | cut -c1-16)"
  mkdir -p "$real"
  chmod 755 /var/lib/kinerja /var/lib/kinerja/pg
  ln -sfn "$real" "$want"
  kn_log "$parent is not reachable for the postgres user: cluster data in $real (linked from $want)"
  echo "$real"
}

# Run the postgres server of data directory $1 on 127.0.0.1:$2 (socket in $1). Stops the caller
# with PostgreSQL's own log lines when it does not come up.
kn_pg_launch() {
  local data="$1" port="$2"
  if ! kn_as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
       -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=${KN_PG_FSYNC:-on}" \
       start >/dev/null; then
    kn_log "PostgreSQL did not start on 127.0.0.1:$port (data $data); its log says:"
    tail -n 15 "$data/server.log" >&2 2>/dev/null || true
    return 1
  fi
}

# Start a private PostgreSQL 15 cluster in $1 on port $2 (initdb on first use). Creates the
# roles kinerja (owner, LOGIN, password in $1/../db-password), kinerja_app (NOLOGIN, what the
# server works as), kinerja_api (LOGIN, member of kinerja_app only, password in
# $1/../db-password-api: the login of `serve` and `worker`, which owns nothing) and the database
# kinerja. Further arguments are postgresql.conf lines (kept in $1/kinerja.conf, rewritten on
# every start). Prints the libpq URL for the kinerja role (kn_pg_app_url prints kinerja_api's);
# returns non-zero (after printing the reason) when any step fails.
# tests/api/test_replika.py builds a hot standby of this cluster with pg_basebackup over the
# socket: it relies on initdb's defaults (wal_level=replica, max_wal_senders=10, pg_hba
# `local replication all trust`) and starts the standby with the same max_connections.
kn_pg_start() {
  local want="$1" port="$2" data pwfile apifile line
  shift 2
  pwfile="$(dirname "$want")/db-password"
  apifile="$(dirname "$want")/db-password-api"
  data="$(kn_pg_dir "$want")" || return 1
  mkdir -p "$data"
  chown postgres:postgres "$data"
  chmod 700 "$data"
  if [ ! -f "$data/PG_VERSION" ]; then
    kn_as_postgres "$PG_BIN/initdb" -D "$data" --auth-local=trust --auth-host=scram-sha-256 \
      -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null || { kn_log "initdb failed in $data"; return 1; }
    (umask 077; openssl rand -hex 24 > "$pwfile")
  fi
  [ -f "$pwfile" ] || { kn_log "$pwfile is missing (remove $want to start afresh)"; return 1; }
  [ -f "$apifile" ] || (umask 077; openssl rand -hex 24 > "$apifile")
  grep -q "^include_if_exists = 'kinerja.conf'" "$data/postgresql.conf" ||
    echo "include_if_exists = 'kinerja.conf'" >> "$data/postgresql.conf"
  for line in "$@"; do echo "$line"; done > "$data/kinerja.conf"
  chown postgres:postgres "$data/kinerja.conf"
  kn_pg_launch "$data" "$port" || return 1
  local pw apipw; pw="$(cat "$pwfile")"; apipw="$(cat "$apifile")"
  kn_as_postgres psql -q -h "$data" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 >/dev/null <<SQL || { kn_log "creating roles and database failed"; return 1; }
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
  local data; data="$(readlink -f "$1")"
  [ -f "$data/postmaster.pid" ] && kn_as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
}

# Superuser psql on the private cluster: kn_psql DATA PORT [args...]
kn_psql() {
  local data port="$2"; data="$(readlink -f "$1")"; shift 2
  kn_as_postgres psql -q -h "$data" -p "$port" -U postgres -d kinerja -v ON_ERROR_STOP=1 "$@"
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

# The Debian archive URI apt uses for suite $1 (default bookworm), from /etc/apt/sources.list and
# the deb822 files in /etc/apt/sources.list.d (e.g. http://deb.debian.org/debian).
kn_debian_mirror() {
  local suite="${1:-bookworm}"
  python3 - "$suite" <<'PY'
import glob, sys
suite = sys.argv[1]
for path in ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list")):
    try:
        for line in open(path):
            f = line.split("#")[0].split()
            if f[:1] == ["deb"]:
                f = [x for x in f[1:] if not x.startswith("[")]
                if len(f) >= 3 and f[1] == suite and "main" in f[2:]:
                    print(f[0].rstrip("/")); sys.exit(0)
    except OSError:
        pass
for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
    for stanza in open(path).read().split("\n\n"):
        d = {}
        for line in stanza.splitlines():
            if ":" in line and not line.startswith(("#", " ")):
                k, v = line.split(":", 1)
                d[k.strip().lower()] = v.split()
        if "deb" in d.get("types", []) and suite in d.get("suites", []) and "main" in d.get("components", []):
            print(d["uris"][0].rstrip("/")); sys.exit(0)
sys.exit("no Debian mirror for %s in /etc/apt/sources.list*" % suite)
PY
}

# Export the JWT and webhook settings of a demo: values already in the environment win, otherwise
# random keys kept in $1/jwt-secret and $1/webhook-key (made once). kn_demo_secrets DIR
kn_demo_secrets() {
  local dir="$1"
  if [ -z "${KINERJA_JWT_HS256_SECRET:-}" ]; then
    [ -f "$dir/jwt-secret" ] || (umask 077; openssl rand -hex 32 > "$dir/jwt-secret")
    KINERJA_JWT_HS256_SECRET="$(cat "$dir/jwt-secret")"
  fi
  if [ -z "${KINERJA_WEBHOOK_KEY:-}" ]; then
    [ -f "$dir/webhook-key" ] || (umask 077; openssl rand -hex 32 > "$dir/webhook-key")
    KINERJA_WEBHOOK_KEY="$(cat "$dir/webhook-key")"
  fi
  export KINERJA_JWT_HS256_SECRET KINERJA_WEBHOOK_KEY
  export KINERJA_JWT_ISSUER="${KINERJA_JWT_ISSUER:-kinerja-demo}"
  export KINERJA_JWT_AUDIENCE="${KINERJA_JWT_AUDIENCE:-kinerja-api}"
}

# Load the demo kabupaten (KN_DEMO_PEGAWAI pegawai, default 10,000) and a year of cycle data with
# planted data-quality problems, unless the demo instansi exists. kn_seed_demo_once BIN DBURL BASEURL
kn_seed_demo_once() {
  local bin="$1" url="$2" base="$3" n="${KN_DEMO_PEGAWAI:-10000}"
  [ "$(psql -qtA "$url" -c "SELECT count(*) FROM instansi WHERE kode = '${KN_DEMO_INSTANSI:-demo}'")" = 0 ] || return 0
  kn_log "loading the synthetic demo kabupaten (about $n pegawai)..."
  kn_seed_demo "$bin" "$url" "$base" "$n"
  kn_log "planning, execution and assessment data for $(date +%Y), with planted data-quality problems..."
  psql -q "$url" -v kode="${KN_DEMO_INSTANSI:-demo}" -v tahun="$(date +%Y)" -f "$KN_ROOT/scripts/seed_cycle.sql" 2>&1 | grep -v WARNING || true
}

# Print the demo's URL, one token per role and curl examples. kn_print_demo BIN DBURL BASEURL HEADLINE
kn_print_demo() {
  local bin="$1" url="$2" base="$3" headline="$4" nip_pd nip_peg
  nip_pd="$(psql -qtA "$url" -c "SELECT p.nip FROM pegawai p JOIN unor u ON u.instansi_id=p.instansi_id AND u.id=p.unor_id WHERE u.siasn_id='DIN1-SEK' AND p.jenis_jabatan='ADMINISTRATOR' LIMIT 1")"
  nip_peg="$(psql -qtA "$url" -c "SELECT p.nip FROM pegawai p JOIN unor u ON u.instansi_id=p.instansi_id AND u.id=p.unor_id WHERE u.siasn_id='DIN1-B1-S1' AND p.jenis_jabatan<>'PENGAWAS' ORDER BY p.id LIMIT 1")"
  cat <<TXT

$headline  (docs: $base/docs, contract: $base/openapi.yaml)
CORS origins allowed: ${KINERJA_CORS_ORIGINS:-none (set KINERJA_CORS_ORIGINS, e.g. http://127.0.0.1:8081 for examples/browser)}
Demo tokens (24 h, instansi "${KN_DEMO_INSTANSI:-demo}"):
  admin_bkpsdm : $(kn_token "$bin" demo-admin-bkpsdm admin_bkpsdm)
  admin_pd     : $(kn_token "$bin" demo-admin-pd admin_pd "$nip_pd")
  auditor      : $(kn_token "$bin" demo-auditor auditor)
  pegawai      : $(kn_token "$bin" demo-pegawai pegawai "$nip_peg")
  integrasi    : $(kn_token "$bin" demo-integrasi integrasi "" "sync:read sync:write")

Try:
  curl -s -H "Authorization: Bearer <token>" "$base/v1/pegawai?limit=5"
  curl -s -X POST -H "Authorization: Bearer <admin_bkpsdm token>" -H 'Content-Type: application/json' \\
       -d '{"tahun": $(date +%Y), "semester": 2}' "$base/v1/kke"      # data-quality worksheets per PD
  curl -s -H "Authorization: Bearer <admin_bkpsdm token>" "$base/v1/perubahan?limit=5"   # change feed
  Service accounts: POST $base/v1/klien (admin_bkpsdm), then POST $base/v1/auth/token (client credentials)
TXT
}

# Settings of ./scripts/cluster, shared with ./scripts/backup and ./scripts/restore (see their
# headers): CL_DIR, ports, PUBLIC (the HAProxy URL), KINERJA_BACKUP_DIR, HAProxy's environment.
kn_cluster_env() {
  CL_DIR="${KINERJA_CLUSTER_DIR:-$KN_ROOT/var/cluster}"
  mkdir -p "$CL_DIR"
  CL_DIR="$(cd "$CL_DIR" && pwd)"
  PUBLIC_PORT="${KINERJA_CLUSTER_PORT:-8090}"
  API_1_PORT=$((PUBLIC_PORT + 1)) API_2_PORT=$((PUBLIC_PORT + 2))
  PG_PRIMARY_PORT="${KINERJA_CLUSTER_PG_PORT:-54339}"
  PG_REPLICA_PORT=$((PG_PRIMARY_PORT + 1))
  PUBLIC="http://127.0.0.1:$PUBLIC_PORT"
  export KINERJA_BACKUP_DIR="${KINERJA_BACKUP_DIR:-$CL_DIR/backup}"
  export KN_HAPROXY_BIND="127.0.0.1:$PUBLIC_PORT" KN_API_1="127.0.0.1:$API_1_PORT" \
         KN_API_2="127.0.0.1:$API_2_PORT" KN_HAPROXY_SOCKET="$CL_DIR/haproxy.sock"
}

# True when the pid file $1 names a live process.
kn_pid_alive() {
  local pid state
  [ -f "$1" ] && pid="$(cat "$1")" && [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  # a killed process that its parent has not reaped yet is a zombie: kill -0 still succeeds
  state="$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)"
  [ "$state" != "Z" ]
}

# SIGTERM the processes of the pid files given (all at once, so drains overlap), wait for them
# (KN_STOP_TIMEOUT s, default 30; then SIGKILL), remove the files.
kn_pid_stop() {
  local f pids=() pid i
  for f in "$@"; do
    if kn_pid_alive "$f"; then pid="$(cat "$f")"; kill -TERM "$pid" 2>/dev/null && pids+=("$pid"); fi
  done
  for pid in "${pids[@]}"; do
    for i in $(seq 1 $((${KN_STOP_TIMEOUT:-30} * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { kn_log "pid $pid did not stop: SIGKILL"; kill -KILL "$pid" 2>/dev/null; }
  done
  rm -f "$@"
}

# Names of the backend servers HAProxy (runtime socket $KN_HAPROXY_SOCKET) counts as UP.
kn_haproxy_up() {
  python3 - "$KN_HAPROXY_SOCKET" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536):
    data += chunk
for line in data.decode().splitlines():
    f = line.split(",")
    if len(f) > 17 and f[0] == "kinerja" and f[1] not in ("FRONTEND", "BACKEND") and f[17] == "UP":
        print(f[1])
PY
}

# The WAL archive of the cluster ($KINERJA_BACKUP_DIR/wal, written by the primary's
# archive_command, so it must be reachable for the postgres user; see kn_pg_dir). Prints its path.
kn_wal_archive() {
  local dir
  dir="$(kn_pg_dir "$KINERJA_BACKUP_DIR/wal")" || return 1
  mkdir -p "$dir"
  chown postgres:postgres "$dir"
  chmod 700 "$dir"
  echo "$dir"
}
