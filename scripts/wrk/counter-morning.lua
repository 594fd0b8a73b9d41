-- Profile "counter morning": the one-stop counters of many communes file dossiers (POST /api/v1/dossiers,
-- round-robin over the receptionists' tokens in TOKENS) and, one request in QUEUE_EVERY, read their work
-- queue (GET /api/v1/dossiers?limit=20). Every filed dossier is written to DOSSIERS.<thread> as
-- "code unit secret version" for the profiles that follow.
dofile(os.getenv("WRK_DIR") .. "/threads.lua")
tallies = { "filed", "queue_reads", "status5xx" }

init = function(args)
    tokens = {}
    for token in string.gmatch(os.getenv("TOKENS"), "%S+") do tokens[#tokens + 1] = token end
    every = tonumber(os.getenv("QUEUE_EVERY") or "4")
    out = io.open(os.getenv("DOSSIERS") .. "." .. id, "w")
    out:setvbuf("line")
    body = '{"procedureCode":"' .. (os.getenv("PROCEDURE") or "1.004873") ..
        '","summary":"Xác nhận tình trạng hôn nhân để kết hôn","applicant":{"name":"Nguyễn Văn An","personalID":"001095012345",' ..
        '"birthDate":"1995-03-04","sex":"male","phone":"0912345678","address":"12 Phố Quán Thánh"}}'
    n, filed, queue_reads, status5xx = 0, 0, 0, 0
end

request = function()
    n = n + 1
    local auth = "Bearer " .. tokens[(n % #tokens) + 1]
    if n % every == 0 then
        return wrk.format("GET", "/api/v1/dossiers?limit=20", { ["Authorization"] = auth })
    end
    return wrk.format("POST", "/api/v1/dossiers", { ["Content-Type"] = "application/json", ["Authorization"] = auth }, body)
end

response = function(status, headers, body)
    if status == 201 then
        local code, unit, secret = body:match('"code":"([^"]*%-%d%d%d%d%d%d%-%d+)"'), body:match('"receivingUnit":"([^"]+)"'), body:match('"lookupSecret":"([^"]+)"')
        local version = (headers["ETag"] or headers["etag"] or ""):match("(%d+)")
        out:write(code, " ", unit, " ", secret, " ", version, "\n")
        filed = filed + 1
    elseif status == 200 then
        queue_reads = queue_reads + 1
    elseif status >= 500 then
        status5xx = status5xx + 1
    end
end

dofile(os.getenv("WRK_DIR") .. "/summary.lua")
