-- Profile "deadline rush": officers move the dossiers filed by "counter morning" through their life cycle
-- as fast as they can, each with its dossier's current version as If-Match: assign (receptionist) →
-- propose approval (specialist) → decide (approver) → resolve (specialist) → return at the counter
-- (receptionist). STAFF holds "unit:receptionist-token:specialist-token:approver-token:specialist-id" per
-- commune. A dossier's next command is sent only when the answer to the last one has come, so no two of
-- its commands are ever in flight together, and it is taken to the end before new ones are started.
-- When every dossier of a thread is in flight or done, the thread reads /healthz and counts it as
-- `idle` (a run with idle > 0 had too few dossiers). Dossier codes are read with their shape
-- ({agency}-{yyMMdd}-{NNNN}), since the answer's keys come in no fixed order.
dofile(os.getenv("WRK_DIR") .. "/threads.lua")
tallies = { "transitions", "refused", "status5xx", "idle" }
rate_of = "transitions"

local commands = {
    { role = 1, body = function(staff) return '{"command":"assign","assignee":"' .. staff[4] .. '","allotted":{"value":2,"unit":"workingDays"}}' end },
    { role = 2, body = function() return '{"command":"proposeDecision","outcome":"approved"}' end },
    { role = 3, body = function() return '{"command":"decide","outcome":"approved"}' end },
    { role = 2, body = function() return '{"command":"resolve"}' end },
    { role = 1, body = function() return '{"command":"returnResult","returnChannel":"counter"}' end },
}

init = function(args)
    staff = {}
    for entry in string.gmatch(os.getenv("STAFF"), "%S+") do
        local unit, receptionist, specialist, approver, specialistID = entry:match("^([^:]+):([^:]+):([^:]+):([^:]+):([^:]+)$")
        staff[unit] = { receptionist, specialist, approver, specialistID }
    end
    -- Read from `head` on (`#` is not defined on a table with holes at the front).
    queue, head, byCode, again = {}, 1, {}, {}
    for _, dossier in ipairs(filed_dossiers(id, tonumber(os.getenv("THREADS")))) do
        if staff[dossier.unit] then
            dossier.step = 1
            queue[#queue + 1] = dossier
            byCode[dossier.code] = dossier
        end
    end
    transitions, refused, status5xx, idle = 0, 0, 0, 0
end

request = function()
    -- A dossier whose last command was answered goes on first, so each is taken to the end before new
    -- ones are started and the five commands come in equal numbers.
    local dossier = table.remove(again)
    if not dossier then
        dossier = queue[head]
        if not dossier then
            idle = idle + 1
            return wrk.format("GET", "/healthz")
        end
        queue[head] = nil
        head = head + 1
    end
    local people = staff[dossier.unit]
    local command = commands[dossier.step]
    return wrk.format("POST", "/api/v1/dossiers/" .. dossier.code .. "/commands", {
        ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. people[command.role],
        ["If-Match"] = '"' .. dossier.version .. '"',
    }, command.body(people))
end

response = function(status, headers, body)
    if status == 200 then
        local dossier = byCode[body:match('"code":"([^"]*%-%d%d%d%d%d%d%-%d+)"') or ""]
        if not dossier then return end -- /healthz
        transitions = transitions + 1
        dossier.version = tonumber((headers["ETag"] or headers["etag"] or ""):match("(%d+)"))
        dossier.step = dossier.step + 1
        if dossier.step <= #commands then again[#again + 1] = dossier end
    elseif status >= 500 then
        status5xx = status5xx + 1
    else
        refused = refused + 1
    end
end

dofile(os.getenv("WRK_DIR") .. "/summary.lua")
