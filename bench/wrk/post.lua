-- wrk script for bench/run: POST the body in $BENCH_BODY with the headers in $BENCH_HEADERS
-- ("Name: value" pairs separated by "|"), and print one line of key=value figures (times in microseconds)
-- that bench/run reads.
wrk.method = "POST"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Content-Type"] = "application/json"
local extra = os.getenv("BENCH_HEADERS") or ""
for pair in string.gmatch(extra, "[^|]+") do
    local name, value = string.match(pair, "^%s*([^:]+):%s*(.*)$")
    if name then
        wrk.headers[name] = value
    end
end

done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "mode=wrk requests=%d duration_us=%d rps=%.1f errors_status=%d errors_connect=%d errors_read=%d " ..
        "errors_write=%d errors_timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
        summary.requests, summary.duration, summary.requests / (summary.duration / 1e6), e.status, e.connect,
        e.read, e.write, e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
        latency.max))
end
