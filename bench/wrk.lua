-- wrk script for bench/run. Owner: bench.
-- Environment:
--   KN_TOKEN  bearer token sent as "Authorization: Bearer ..." (optional)
--   KN_PATHS  file with one request path a line; requests rotate over them (optional; without it
--             wrk sends its static request for the URL on the command line, the cheapest path)
-- done() prints one machine-readable line for bench/run:
--   KNRESULT <req/s> <p50 ms> <p99 ms> <max ms> <non-2xx/3xx> <socket errors> <requests>

local token = os.getenv("KN_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

local pathfile = os.getenv("KN_PATHS")
if pathfile and pathfile ~= "" then
  local paths = {}
  for line in io.lines(pathfile) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "KN_PATHS is empty")

  local counter = 0
  setup = function(thread)
    -- each thread starts at a different place in the list
    thread:set("start", counter * 7919)
    counter = counter + 1
  end

  local reqs, idx = {}, 0
  init = function(args)
    for i, p in ipairs(paths) do reqs[i] = wrk.format("GET", p) end
    idx = (tonumber(start) or 0) % #reqs
  end

  request = function()
    idx = idx % #reqs + 1
    return reqs[idx]
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KNRESULT %.1f %.3f %.3f %.3f %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, summary.requests))
end
