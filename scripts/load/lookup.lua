-- wrk script: citizen look-ups (POST /api/v1/lookup) of the dossier in CODE with SECRET.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"code":"' .. os.getenv("CODE") .. '","secret":"' .. os.getenv("SECRET") .. '"}'

dofile(os.getenv("SUMMARY_LUA"))
