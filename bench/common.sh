# Shared shell code of bench/run and bench/run-cycle. Owner: bench. Sourced, not executed.
#
# bench_setup builds the release binary into build-bench/ (never touches build/), starts a
# throwaway PostgreSQL 15 cluster and the server on free ports, and arranges for everything to be
# stopped and removed on exit. After it: BIN, WORK, PG_DATA, PG_PORT, DBURL, BASE, SERVER_PID,
# KINERJA_* exported. Helpers: q (psql as the schema owner), rss_mb, sockets, now, secs, cpu_srv,
# cpu_pg, us_per, pass, bench_machine, bench_pick_nips, row/ROWS, wrk_paths (bench/run, run-peer).
#
# Knobs (environment): BENCH_DURATION seconds per measurement (10), BENCH_WARMUP (2),
# BENCH_CONNS wrk connections (64), BENCH_THREADS wrk/pgbench threads (2), KINERJA_WORKERS (server
# default 2 x cores), KN_PG_FSYNC (on).
set -euo pipefail
source "$BENCH_DIR/../scripts/lib.sh"
cd "$KN_ROOT"

DUR="${BENCH_DURATION:-10}"
WARM="${BENCH_WARMUP:-2}"
CONNS="${BENCH_CONNS:-64}"
THREADS="${BENCH_THREADS:-2}"
CORES="$(getconf _NPROCESSORS_ONLN)"
WORKERS="${KINERJA_WORKERS:-$((2 * CORES))}" # same default as src/core/config.c
export KINERJA_WORKERS="$WORKERS"
BENCH_BUILD_OPTS=(-Dbuildtype=release -Dwerror=false)

SERVER_PID=""
BG_PID=""
WORK=""
PG_DATA=""
bench_cleanup() {
  trap - EXIT INT TERM
  [ -n "$BG_PID" ] && kill "$BG_PID" 2>/dev/null && wait "$BG_PID" 2>/dev/null || true
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  fi
  [ -n "$PG_DATA" ] && kn_pg_stop "$PG_DATA"
  [ -n "$WORK" ] && rm -rf "$WORK"
}

# bench_setup [extra Debian packages...]
bench_setup() {
  kn_install_deps wrk postgresql-client-15 "$@"
  # Release build. werror is switched off for this build only: at -O3 GCC 12 reports
  # -Wmaybe-uninitialized for 'id' in kn_respond_page (src/api/common.c), which -Werror turns
  # into a build failure (reported to the owner, not fixed here).
  if [ -f "$KN_ROOT/build-bench/build.ninja" ]; then
    meson configure "$KN_ROOT/build-bench" "${BENCH_BUILD_OPTS[@]}" >/dev/null
  fi
  kn_log "building release binary in build-bench/"
  kn_build build-bench "${BENCH_BUILD_OPTS[@]}"
  BIN="$KN_ROOT/build-bench/kinerja"

  WORK="$(mktemp -d /tmp/kinerja-bench.XXXXXX)"
  chmod 755 "$WORK"
  PG_DATA="$WORK/pg"
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM

  PG_PORT="$(kn_free_port)"
  DBURL="$(kn_pg_start "$PG_DATA" "$PG_PORT")"
  kn_log "PostgreSQL 15 on 127.0.0.1:$PG_PORT (data in $PG_DATA, fsync=${KN_PG_FSYNC:-on})"

  export KINERJA_DATABASE_URL="$DBURL"
  export KINERJA_JWT_HS256_SECRET="$(openssl rand -hex 32)"
  export KINERJA_JWT_ISSUER=kinerja-bench
  export KINERJA_JWT_AUDIENCE=kinerja-api
  export KINERJA_ACCESS_LOG=0
  # wrk opens BENCH_CONNS (and bench/run 256 keep-alive) connections from 127.0.0.1: above the
  # per-address connection limit (default 32) the rest were refused and counted as socket errors
  export KINERJA_CONN_PER_IP="${KINERJA_CONN_PER_IP:-4096}"
  "$BIN" migrate >/dev/null

  API_PORT="$(kn_free_port)"
  export KINERJA_LISTEN="127.0.0.1:$API_PORT"
  BASE="http://$KINERJA_LISTEN"
  "$BIN" serve >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  kn_wait_http "$BASE/healthz" || { cat "$WORK/server.log" >&2; kn_log "server did not start"; exit 1; }
  kn_log "server pid $SERVER_PID on $BASE, $WORKERS workers"
  TICK="$(getconf CLK_TCK)"
}

# bench_start_old BIN: a second server, binary BIN (an older release), on the same database and a
# free port, stopped on exit (BG_PID); sets OLD_BASE. For the byte-for-byte checks (check-*-bytes).
bench_start_old() {
  local port; port="$(kn_free_port)"
  KINERJA_LISTEN="127.0.0.1:$port" "$1" serve >"$WORK/old.log" 2>&1 &
  BG_PID=$!
  OLD_BASE="http://127.0.0.1:$port"
  kn_wait_http "$OLD_BASE/healthz" || { cat "$WORK/old.log" >&2; kn_log "old server did not start"; exit 1; }
}

# bench_upload_client: the evidence upload client of BENCH_UPLOAD_CLIENT, c (default: bench/upload_client.c,
# built into build-bench/) or py (bench/cycle_client.py); sets UP_CMD (the command, same options for
# both) and UP_CLIENT_NAME (for the report).
bench_upload_client() {
  if [ "${BENCH_UPLOAD_CLIENT:-c}" = c ]; then
    ninja -C "$KN_ROOT/build-bench" bench_upload >/dev/null
    UP_CMD=("$KN_ROOT/build-bench/bench_upload"); UP_CLIENT_NAME='bench_upload (C, bench/upload_client.c)'
  else
    UP_CMD=(python3 "$BENCH_DIR/cycle_client.py" upload); UP_CLIENT_NAME='bench/cycle_client.py (Python)'
  fi
}

q() { psql -X -qtA "$DBURL" -v ON_ERROR_STOP=1 -c "$1"; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
sockets() { { find "/proc/$SERVER_PID/fd" -lname 'socket:*' 2>/dev/null || true; } | wc -l; } # a closing fd makes find fail
now() { echo "$EPOCHREALTIME"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# CPU time in clock ticks: the server process (all threads), and the whole PostgreSQL cluster
# (postmaster incl. reaped children + live backends), to show where a scenario's CPU goes.
cpu_srv() { awk '{ print $14 + $15 }' "/proc/${1:-$SERVER_PID}/stat"; } # [PID], default the server
cpu_pg() {
  local pm; pm="$(head -1 "$PG_DATA/postmaster.pid")"
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } |
    awk -v pm="$pm" '$1 == pm { s += $14 + $15 + $16 + $17 } $4 == pm { s += $14 + $15 } END { print s + 0 }'
}
us_per() { awk -v t="$1" -v n="$2" -v hz="$TICK" 'BEGIN { if (n > 0) printf "%.0f", t * 1e6 / hz / n; else print "-" }'; }
# pass VALUE TARGET OP: "ok" or "MISSED" (OP is >= or <)
pass() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v == "" || v == "-") { print "MISSED"; exit } ok = (op == ">=") ? (v >= t) : (v < t); print ok ? "ok" : "MISSED" }'; }
# The server's per-connection settings besides SET ROLE (src/db/db.c ensure_conn), for pgbench.
PG_SESSION_OPTS="-c TimeZone=UTC -c plan_cache_mode=force_generic_plan -c jit=off -c statement_timeout=5000"

# pgb_tx FILE [pgbench -D ...]: pgbench -M prepared of a request-transaction script
# (bench/pgbench_script.py) over $WORKERS connections as kinerja_app with the server's session
# settings, after the warm-up. Sets PGB_TPS, PGB_N (transactions) and PGB_PG (PostgreSQL CPU us
# per transaction).
pgb_tx() {
  local file="$1" out p0 p1 j=$(( THREADS < WORKERS ? THREADS : WORKERS ))
  shift
  local opts="-c role=kinerja_app $PG_SESSION_OPTS"
  if [ "$WARM" -gt 0 ]; then
    PGOPTIONS="$opts" pgbench -n -M prepared -c "$WORKERS" -j "$j" -T "$WARM" "$@" -f "$file" "$DBURL" >/dev/null 2>&1 || true
  fi
  p0="$(cpu_pg)"
  out="$(PGOPTIONS="$opts" pgbench -n -M prepared -c "$WORKERS" -j "$j" -T "$DUR" "$@" -f "$file" "$DBURL" 2>&1)" ||
    { echo "$out" >&2; kn_log "pgbench failed ($file)"; exit 1; }
  p1="$(cpu_pg)"
  grep -q '^number of failed transactions: 0' <<<"$out" || { echo "$out" >&2; kn_log "pgbench had failures ($file)"; exit 1; }
  PGB_TPS="$(awk '/^tps = / { printf "%.1f", $3 }' <<<"$out")"
  PGB_N="$(awk '/^number of transactions actually processed/ { print $NF }' <<<"$out")"
  PGB_PG="$(us_per $((p1 - p0)) "$PGB_N")"
}
# same_answer LABEL TX-A TX-B: two request transactions with literals (pgbench_script.py --psql)
# print the same non-empty JSON; the best SQL must answer what the server answers.
# With "sort", the lines are compared as a set: rows without an ORDER BY (the server places them
# by their own columns, as skp_get's (k, n)).
same_answer() { # label sql1 sql2 [line pattern: the answer's lines, default JSON documents] [sort]
  local a b none pat="${4:-^[[{]}" ord="${5:-cat}"
  [ "$ord" = sort ] || ord=cat
  a="$(PGOPTIONS="-c role=kinerja_app $PG_SESSION_OPTS" psql -X -qtA "$DBURL" -v ON_ERROR_STOP=1 <<<"$2" | grep "$pat" | $ord | md5sum)"
  b="$(PGOPTIONS="-c role=kinerja_app $PG_SESSION_OPTS" psql -X -qtA "$DBURL" -v ON_ERROR_STOP=1 <<<"$3" | grep "$pat" | $ord | md5sum)"
  none="$(printf '' | md5sum)"
  [ "$a" = "$b" ] && [ "$a" != "$none" ] || { kn_log "check failed ($1): the best SQL does not answer the server's bytes"; exit 1; }
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "-" }'; }

bench_machine() {
  echo "$CORES cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GB", $2/1048576 }' /proc/meminfo) RAM"
}
# The read fixture of bench/run and bench/run-peer: INST_ID and NPEG_DB of tenant demo, 1,000
# random NIPs of it in $WORK/nips and their /v1/pegawai/{nip} paths in $WORK/paths_get.
bench_pick_nips() {
  INST_ID="$(q "SELECT id FROM instansi WHERE kode = 'demo'")"
  NPEG_DB="$(q "SELECT count(*) FROM pegawai WHERE instansi_id = $INST_ID")"
  q "SELECT nip FROM pegawai WHERE instansi_id = $INST_ID ORDER BY random() LIMIT 1000" >"$WORK/nips"
  sed 's|^|/v1/pegawai/|' "$WORK/nips" >"$WORK/paths_get"
}

# Report rows (label|req/s|p50|p99|non2xx/err|requests|srv us|pg us) and req/s by key.
ROWS=()
row() { ROWS+=("$(printf '%s|%s|%s|%s|%s|%s|%s|%s' "$@")"); }
declare -A RPS
# wrk_paths KEY LABEL CONNS TOKEN PATHSFILE URL [SERVER-PID]: wrk (bench/wrk.lua) after the
# warm-up, rotating over the paths; one row with the CPU per request of the process SERVER-PID
# (default the server) and of PostgreSQL. Sets RPS[KEY] and, for the caller's report, the
# p50/p99/requests/srv us/pg us of the run in WRK_R (the KNRESULT fields) and WRK_SRV, WRK_PG.
wrk_paths() {
  local key="$1" label="$2" c="$3" tok="$4" paths="$5" url="$6" pid="${7:-$SERVER_PID}" out r
  if [ "$WARM" -gt 0 ]; then
    KN_TOKEN="$tok" KN_PATHS="$paths" wrk -t"$THREADS" -c"$c" -d"${WARM}s" -s "$BENCH_DIR/wrk.lua" "$url" >/dev/null
  fi
  local s0 p0 s1 p1
  s0="$(cpu_srv "$pid")"; p0="$(cpu_pg)"
  out="$(KN_TOKEN="$tok" KN_PATHS="$paths" wrk -t"$THREADS" -c"$c" -d"${DUR}s" --latency -s "$BENCH_DIR/wrk.lua" "$url")"
  s1="$(cpu_srv "$pid")"; p1="$(cpu_pg)"
  r=($(grep '^KNRESULT' <<<"$out"))
  RPS[$key]="${r[1]}"
  WRK_R=("${r[@]}")
  WRK_SRV="$(us_per $((s1 - s0)) "${r[7]}")"
  WRK_PG="$(us_per $((p1 - p0)) "${r[7]}")"
  row "$label" "${r[1]}" "${r[2]}" "${r[3]}" "${r[5]}/${r[6]}" "${r[7]}" "$WRK_SRV" "$WRK_PG"
}
