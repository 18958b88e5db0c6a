-- The result line bench/run.sh reads, printed by wrk's done() in each script:
--   wrk-result requests=N duration_us=N p50_us=N p99_us=N connect=N read=N
--              write=N timeout=N status=N unexpected=N
-- status counts answers of 400 and above (wrk's own count); unexpected
-- counts answers a script's response() did not expect (-1 if it has none).
local report = {}

local threads = {}

function report.setup(thread)
   table.insert(threads, thread)
   thread:set("thread_id", #threads)
end

function report.done(summary, latency, requests)
   local unexpected = -1
   for _, t in ipairs(threads) do
      local n = t:get("unexpected")
      if n then
         unexpected = math.max(unexpected, 0) + n
      end
   end
   local e = summary.errors
   io.write(string.format(
      "wrk-result requests=%d duration_us=%d p50_us=%d p99_us=%d connect=%d read=%d write=%d"
         .. " timeout=%d status=%d unexpected=%d\n",
      summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
      e.connect, e.read, e.write, e.timeout, e.status, unexpected))
end

return report
