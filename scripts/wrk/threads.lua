-- Shared by the profiles of scripts/load: numbers wrk's threads 1…n (the global `id` in each) and keeps
-- them for summary.lua's tallies.
threads = {}
setup = function(thread)
    threads[#threads + 1] = thread
    thread:set("id", #threads)
end

-- The dossiers filed by "counter morning": one "code unit secret version" line each, in the files
-- DOSSIERS.1 … DOSSIERS.n; this thread takes every `of`-th one, starting at its own number, at most
-- MAX_DOSSIERS of them when that is set.
function filed_dossiers(mine, of)
    local dossiers, index = {}, 0
    local most = tonumber(os.getenv("MAX_DOSSIERS") or "0")
    local base = os.getenv("DOSSIERS")
    for part = 1, 64 do
        local file = io.open(base .. "." .. part, "r")
        if not file then break end
        for line in file:lines() do
            index = index + 1
            if index % of == mine - 1 then
                local code, unit, secret, version = line:match("^(%S+) (%S+) (%S+) (%d+)$")
                if code and (most == 0 or #dossiers < most) then
                    dossiers[#dossiers + 1] = { code = code, unit = unit, secret = secret, version = tonumber(version) }
                end
            end
        end
        file:close()
    end
    return dossiers
end

-- A paced run (scripts/soak): each connection waits PACE_MS between its requests.
local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 then delay = function() return pace end end
