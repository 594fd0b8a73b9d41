-- Profile "public look-up storm": citizens and a crawler hammer POST /api/v1/lookup across every dossier
-- filed by "counter morning"; one request in GUESS_EVERY guesses the secret (a crawler's try: it must
-- get the same 404 as an unknown code). Counts found (200), not found (404) and any 5xx.
dofile(os.getenv("WRK_DIR") .. "/threads.lua")
tallies = { "found", "not_found", "limited", "status5xx" }

-- The requests are formatted once, in init: formatting each one as it is sent cost the client a fifth
-- of a core on this 2-core machine, taken from the server it measures.
init = function(args)
    local headers = { ["Content-Type"] = "application/json" }
    local format = function(body) return wrk.format("POST", "/api/v1/lookup", headers, body) end
    bodies, guesses = {}, {}
    for _, dossier in ipairs(filed_dossiers(id, tonumber(os.getenv("THREADS")))) do
        bodies[#bodies + 1] = format('{"code":"' .. dossier.code .. '","secret":"' .. dossier.secret .. '"}')
        guesses[#guesses + 1] = format('{"code":"' .. dossier.code .. '","secret":"' .. string.rep("7", #dossier.secret) .. '"}')
    end
    every = tonumber(os.getenv("GUESS_EVERY") or "10")
    n, found, not_found, limited, status5xx = 0, 0, 0, 0, 0
end

request = function()
    n = n + 1
    local pick = (n * 7919) % #bodies + 1
    return (n % every == 0) and guesses[pick] or bodies[pick]
end

response = function(status, headers, body)
    if status == 200 then found = found + 1
    elseif status == 404 then not_found = not_found + 1
    elseif status == 429 then limited = limited + 1
    elseif status >= 500 then status5xx = status5xx + 1 end
end

dofile(os.getenv("WRK_DIR") .. "/summary.lua")
