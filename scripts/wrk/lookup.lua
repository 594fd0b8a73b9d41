-- wrk script: citizen look-ups (POST /api/v1/lookup), round-robin over the "code:secret" pairs in LOOKUPS.
local bodies = {}
for pair in string.gmatch(os.getenv("LOOKUPS"), "%S+") do
    local code, secret = string.match(pair, "([^:]+):(.+)")
    bodies[#bodies + 1] = '{"code":"' .. code .. '","secret":"' .. secret .. '"}'
end
local n = 0

request = function()
    n = n + 1
    return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, bodies[(n % #bodies) + 1])
end

dofile(os.getenv("SUMMARY_LUA"))
