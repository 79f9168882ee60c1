-- wrk script for bench/run-mixed: bench/wrk_cycle.lua's request list (same KN_REQS format and
-- per-thread split), plus a count of the answers by status. Owner: bench.
-- Environment: KN_REQS, KN_NTHREADS as in bench/wrk_cycle.lua; KN_BENCH_DIR (where that file is).
-- done() prints, besides wrk_cycle.lua's KNRESULT line, one line for bench/run-mixed:
--   KNSTATUS <2xx> <3xx> <4xx> <503> <other 5xx> <socket errors> <p50> <p90> <p99> <p99.9> <max> (ms)
dofile(assert(os.getenv("KN_BENCH_DIR"), "KN_BENCH_DIR is not set") .. "/wrk_cycle.lua")

local threads = {}
local cycle_setup = setup
setup = function(thread)
  cycle_setup(thread)
  threads[#threads + 1] = thread
end

n2, n3, n4, n503, n5 = 0, 0, 0, 0, 0
response = function(status, headers, body)
  if status == 503 then n503 = n503 + 1
  elseif status >= 500 then n5 = n5 + 1
  elseif status >= 400 then n4 = n4 + 1
  elseif status >= 300 then n3 = n3 + 1
  else n2 = n2 + 1 end
end

local cycle_done = done
done = function(summary, latency, requests)
  cycle_done(summary, latency, requests)
  local t = {0, 0, 0, 0, 0}
  for _, th in ipairs(threads) do
    t[1] = t[1] + th:get("n2"); t[2] = t[2] + th:get("n3"); t[3] = t[3] + th:get("n4")
    t[4] = t[4] + th:get("n503"); t[5] = t[5] + th:get("n5")
  end
  local e = summary.errors
  io.write(string.format("KNSTATUS %d %d %d %d %d %d %.3f %.3f %.3f %.3f %.3f\n", t[1], t[2], t[3], t[4], t[5],
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency:percentile(99.9) / 1000, latency.max / 1000))
end
