-- wrk script for bench/run-cycle: a list of requests, each with its own method, token and body.
-- Owner: bench.
-- Environment:
--   KN_REQS      file, one request a line, fields separated by a TAB:
--                  METHOD  PATH  TOKEN  [BODY  [HEADER]]
--                TOKEN "-" sends no Authorization; BODY "-" or empty sends none (a JSON body is
--                sent as application/json); HEADER is one extra "Name: value" (e.g. If-None-Match).
--                In a BODY, {{n}} becomes how many times this line has been sent (1, 2, ...) and
--                {{alt:X,Y}} becomes X on odd and Y on even sends: every repeated write changes
--                the row, so it is a real update with its audit row, not a no-op
--   KN_NTHREADS  the -t given to wrk. Thread i takes lines i, i+n, i+2n, ...: no two threads
--                share a line, so a write never races a write of the same row from another thread
--                (a list with fewer lines than threads, e.g. one read, is sent by every thread)
-- done() prints one machine-readable line for bench/run-cycle:
--   KNRESULT <req/s> <p50 ms> <p99 ms> <max ms> <status >= 400> <socket errors> <requests> <bytes read>

local reqfile = assert(os.getenv("KN_REQS"), "KN_REQS is not set")
local nthreads = tonumber(os.getenv("KN_NTHREADS") or "1")

local counter = 0
setup = function(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local reqs, dyn, visits, idx = {}, {}, {}, 0
init = function(args)
  local t = tonumber(tid) or 0
  local total = 0
  for line in io.lines(reqfile) do
    if line ~= "" then total = total + 1 end
  end
  local share = total >= nthreads  -- a list shorter than the thread count is sent by every thread
  local n = 0
  for line in io.lines(reqfile) do
    if line ~= "" then
      if not share or n % nthreads == t then
        local f = {}
        for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
        local h = {}
        if f[3] and f[3] ~= "" and f[3] ~= "-" then h["Authorization"] = "Bearer " .. f[3] end
        local body = nil
        if f[4] and f[4] ~= "" and f[4] ~= "-" then
          body = f[4]
          h["Content-Type"] = "application/json"
        end
        if f[5] and f[5] ~= "" then
          local k, v = f[5]:match("^([^:]+):%s*(.*)$")
          h[k] = v
        end
        if body and body:find("{{", 1, true) then
          reqs[#reqs + 1] = false
          dyn[#reqs] = {f[1], f[2], h, body}
          visits[#reqs] = 0
        else
          reqs[#reqs + 1] = wrk.format(f[1], f[2], h, body)
        end
      end
      n = n + 1
    end
  end
  assert(#reqs > 0, "no requests for thread " .. t)
end

request = function()
  idx = idx % #reqs + 1
  local r = reqs[idx]
  if r then return r end
  local d = dyn[idx]
  local v = visits[idx] + 1
  visits[idx] = v
  local body = d[4]:gsub("{{n}}", tostring(v)):gsub("{{alt:([^,}]*),([^}]*)}}", function(x, y)
    if v % 2 == 1 then return x else return y end
  end)
  return wrk.format(d[1], d[2], d[3], body)
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("KNRESULT %.1f %.3f %.3f %.3f %d %d %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout, summary.requests, summary.bytes))
end
