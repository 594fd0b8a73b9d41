-- One line of figures for BENCHMARKS.md: throughput, p50/p95/p99, and every failure counted. A script
-- that keeps `threads` (from setup) and names per-thread tallies in `tallies` gets their sums too; with
-- `rate_of` naming one of them, the rate is that tally's (requests that were not work are left out).
done = function(summary, latency, requests)
    local seconds = summary.duration / 1e6
    local e = summary.errors
    local extra, counted = "", summary.requests
    for _, name in ipairs(tallies or {}) do
        local total = 0
        for _, thread in ipairs(threads or {}) do total = total + (tonumber(thread:get(name)) or 0) end
        extra = extra .. string.format(" %s=%d", name, total)
        if name == rate_of then counted = total end
    end
    io.write(string.format(
        "RESULT requests=%d rate=%.0f/s p50=%.2fms p95=%.2fms p99=%.2fms non2xx=%d connect=%d read=%d write=%d timeout=%d%s\n",
        summary.requests, counted / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000, e.status, e.connect, e.read, e.write, e.timeout, extra))
end
