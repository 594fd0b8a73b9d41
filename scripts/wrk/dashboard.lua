-- Profile "dashboard": monitors read the indicators (nation, by province, a province by commune, by day),
-- the service index and the dashboard page over the period in PERIOD, round-robin, with the monitor's
-- token in TOKEN. Counts 200s and any 5xx.
dofile(os.getenv("WRK_DIR") .. "/threads.lua")
tallies = { "ok", "status5xx" }

init = function(args)
    local period = os.getenv("PERIOD")
    paths = {
        "/api/v1/reports/indicators?scope=nation&" .. period,
        "/api/v1/reports/indicators?scope=nation&by=province&" .. period,
        "/api/v1/reports/indicators?scope=province:01&by=commune&" .. period,
        "/api/v1/reports/indicators?scope=province:01&by=day&" .. period,
        "/api/v1/reports/service-index?scope=province:01&" .. period,
        "/theo-doi?scope=province:01&" .. period,
    }
    auth = "Bearer " .. os.getenv("TOKEN")
    n, ok, status5xx = id, 0, 0
end

request = function()
    n = n + 1
    return wrk.format("GET", paths[(n % #paths) + 1], { ["Authorization"] = auth })
end

response = function(status, headers, body)
    if status == 200 then ok = ok + 1 elseif status >= 500 then status5xx = status5xx + 1 end
end

dofile(os.getenv("WRK_DIR") .. "/summary.lua")
