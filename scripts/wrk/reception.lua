-- wrk script: file dossiers at the counters of many communes (POST /api/v1/dossiers), round-robin over
-- the receptionists' tokens in TOKENS (space-separated), as a province's counters do on a busy morning.
local tokens = {}
for token in string.gmatch(os.getenv("TOKENS"), "%S+") do tokens[#tokens + 1] = token end
local body = '{"procedureCode":"' .. (os.getenv("PROCEDURE") or "1.004873") ..
    '","summary":"Xác nhận tình trạng hôn nhân để kết hôn","applicant":{"name":"Nguyễn Văn An","personalID":"001095012345",' ..
    '"birthDate":"1995-03-04","sex":"male","phone":"0912345678","address":"12 Phố Quán Thánh"}}'
local n = 0

request = function()
    n = n + 1
    local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. tokens[(n % #tokens) + 1] }
    return wrk.format("POST", nil, headers, body)
end

dofile(os.getenv("SUMMARY_LUA"))
