-- wrk script: file dossiers at a counter (POST /api/v1/dossiers) as the receptionist whose token is in TOKEN.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("TOKEN")
wrk.body = '{"procedureCode":"' .. (os.getenv("PROCEDURE") or "1.004873") ..
    '","summary":"Xác nhận tình trạng hôn nhân để kết hôn","applicant":{"name":"Nguyễn Văn An","personalID":"001095012345",' ..
    '"birthDate":"1995-03-04","sex":"male","phone":"0912345678","address":"12 Phố Quán Thánh"}}'

dofile(os.getenv("SUMMARY_LUA"))
