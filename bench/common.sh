# Shared shell code of bench/run and bench/run-cycle. Owner: bench. Sourced, not executed.
#
# bench_setup builds the release binary into build-bench/ (never touches build/), starts a
# throwaway PostgreSQL 15 cluster and the server on free ports, and arranges for everything to be
# stopped and removed on exit. After it: BIN, WORK, PG_DATA, PG_PORT, DBURL, BASE, SERVER_PID,
# KINERJA_* exported. Helpers: q (psql as the schema owner), rss_mb, sockets, now, secs, cpu_srv,
# cpu_pg, us_per, pass.
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

q() { psql -X -qtA "$DBURL" -v ON_ERROR_STOP=1 -c "$1"; }
rss_mb() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"; }
sockets() { { find "/proc/$SERVER_PID/fd" -lname 'socket:*' 2>/dev/null || true; } | wc -l; } # a closing fd makes find fail
now() { echo "$EPOCHREALTIME"; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# CPU time in clock ticks: the server process (all threads), and the whole PostgreSQL cluster
# (postmaster incl. reaped children + live backends), to show where a scenario's CPU goes.
cpu_srv() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; }
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
