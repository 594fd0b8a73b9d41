import Domain
import Foundation
import HTTPServer
import Hummingbird
import HummingbirdTesting
import Storage
import Testing

/// The bookkeeping API: a register imported over HTTP (refused whole with line and column on a bad
/// row), cases listed with masked names, steps checked by the rules, public totals.
@Suite("bookkeeping API")
struct BookkeepingAPITests {
    @Test("import, list, step and totals; bad rows and bad steps are 4xx problems that change nothing")
    func redundancy() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "01")
            let (monitor, monitorID) = try await DossierAPITests.officer(client, roles: ["nationalMonitor"], unit: "01")
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let tag = UUID().uuidString.prefix(8)
            let header = "id,unit_code,person_name,category,decision_number,decision_date,requested_amount,requested_on,approved_amount,approved_on,paid_amount,paid_on"
            let good = "\(header)\n01-T\(tag),00004,Nguyễn Văn An,civilServant,12/QĐ-UBND,2025-07-01,400000000,2025-07-05,,,,\n"
            let bad = good + "01-U\(tag),00004,Trần Thị Bình,partTime,13/QĐ-UBND,2025-07-01,100,2025-07-05,200,2025-07-06,,\n"
            func post(_ text: String, _ headers: HTTPFields) async throws -> DossierAPITests.Answer {
                try await client.execute(uri: "/api/v1/bookkeeping/redundancy/import", method: .post, headers: headers, body: ByteBuffer(string: text)) {
                    DossierAPITests.Answer(status: Int($0.status.code), json: (try? $0.json()) ?? [:], headers: $0.headers)
                }
            }
            let refused = try await post(bad, admin)
            #expect(refused.status == 400)
            #expect(refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            let fields = (refused.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == ["line 3: approved_amount"], "\(refused.json)")
            #expect(try await post(good, clerk).status == 400, "a clerk has no bookkeeping rights: the row is refused")
            #expect(try await post(good, [:]).status == 401)
            #expect(try await post(good, admin).json["inserted"] as? Int == 1)
            #expect(try await post(good, admin).json["unchanged"] as? Int == 1)
            let (otherUnit, _) = try await DossierAPITests.officer(client, roles: ["unitAdmin"], unit: "00008")
            let moved = try await post(good.replacingOccurrences(of: ",00004,", with: ",00008,"), otherUnit)
            #expect(moved.status == 400, "a case of Ba Đình cannot be taken over by Ngọc Hà's admin")
            #expect((moved.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } == ["line 2: unit_code"])

            let listed = try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases?scope=commune:00004&stage=requested&limit=500", headers: monitor)
            #expect(listed.status == 200)
            let mine = (listed.json["items"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "01-T\(tag)" }
            #expect(mine?["personName"] as? String == "Nguyễn V. A.", "a national monitor sees no names")
            let logged = try await TestApp.shared.services().store.identity.accessLog(AccessLogQuery(officerID: monitorID, offset: 0, limit: 10))
            #expect(logged.contains { $0.action == "list" && $0.resource == "redundancy-register/commune:00004" }, "reading the register is logged")
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases", headers: clerk).status == 403)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases?stage=closed", headers: admin).status == 400)

            let path = "/api/v1/bookkeeping/redundancy/cases/01-T\(tag)/steps"
            let tooMuch = try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved", "amount": 500_000_000, "on": "2025-07-10"])
            #expect(tooMuch.status == 400)
            let skipped = try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "paid", "amount": 1, "on": "2025-07-10"])
            #expect(skipped.status == 409)
            #expect(try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved", "amount": 1, "on": "10/07/2025"]).status == 400)
            #expect(try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved"]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy/cases/none/steps", .post, headers: admin,
                                                    body: ["stage": "approved", "amount": 1, "on": "2025-07-10"]).status == 404)
            let approved = try await DossierAPITests.call(client, path, .post, headers: admin, body: ["stage": "approved", "amount": 390_000_000, "on": "2025-07-10"])
            #expect(approved.status == 200 && approved.json["stage"] as? String == "approved")

            let totals = try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?scope=commune:00004&by=unit&asOf=2025-08-31", headers: [:])
            #expect(totals.status == 200)
            #expect(((totals.json["total"] as? [String: Any])?["approved"] as? Int ?? 0) >= 1)
            #expect((totals.json["rows"] as? [[String: Any]])?.first?["code"] as? String == "00004")
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?by=district", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?scope=province:7", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/redundancy?asOf=tomorrow", headers: [:]).status == 400)

            let agencies = try await DossierAPITests.call(client, "/api/v1/bookkeeping/agencies?scope=province:01&by=unit", headers: [:])
            #expect(agencies.status == 200)
            let rows = agencies.json["rows"] as? [[String: Any]] ?? []
            let total = (agencies.json["total"] as? [String: Int] ?? [:]).values.reduce(0, +)
            #expect(total > 0 && rows.reduce(0) { $0 + ($1["counts"] as? [String: Int] ?? [:]).values.reduce(0, +) } == total)
            let codes = rows.compactMap { $0["code"] as? String }
            #expect(codes.contains("01") && codes.contains("00004") && codes == codes.sorted(), "by unit: the city's own agencies, then each commune's")
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/agencies?by=district", headers: [:]).status == 400)
        }
    }

    @Test("staffing: a position file imported by a province admin, gaps by unit and skill, rotations; bad input is 400")
    func staffing() async throws {
        try await TestApp.test { client in
            let (admin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "79")
            let tag = UUID().uuidString.prefix(8)
            func post(_ text: String) async throws -> DossierAPITests.Answer {
                try await client.execute(uri: "/api/v1/bookkeeping/staffing/import", method: .post, headers: admin, body: ByteBuffer(string: text)) {
                    DossierAPITests.Answer(status: Int($0.status.code), json: (try? $0.json()) ?? [:], headers: $0.headers)
                }
            }
            #expect(try await post("id,unit_code,title,skill,quota\n\(tag),26704,Địa chính,land,x\n").status == 400)
            #expect(try await post("name,quota\n").status == 400)
            #expect(try await post("id,unit_code,title,skill,quota\n\(tag),26704,Địa chính,land,40\n").json["imported"] as? Int == 1)
            let report = try await DossierAPITests.call(client, "/api/v1/bookkeeping/staffing?scope=commune:26704&by=skill", headers: [:])
            #expect(report.status == 200)
            let land = (report.json["rows"] as? [[String: Any]])?.first { $0["code"] as? String == "land" }
            #expect((land?["quota"] as? Int ?? 0) >= 40 && land?["name"] as? String == "Đất đai")
            let rotations = try await DossierAPITests.call(client, "/api/v1/bookkeeping/staffing/rotations?scope=province:79", headers: [:])
            #expect(rotations.status == 200 && rotations.json["rotations"] is [Any])
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/staffing/rotations?scope=commune:26704", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/staffing?by=district", headers: [:]).status == 400)
            // Facilities: a surplus office without a plan needs attention; equipment shortage by unit.
            let facilities = "id,unit_code,name,kind,area_m2,condition,status,planned_use,responsible,deadline,progress\n"
                + "\(tag),26704,Trụ sở cũ,office,700,fair,surplus,,,,\n"
            func postFacilities(_ text: String) async throws -> Int {
                try await client.execute(uri: "/api/v1/bookkeeping/facilities/import", method: .post, headers: admin, body: ByteBuffer(string: text)) {
                    Int($0.status.code)
                }
            }
            #expect(try await postFacilities(facilities.replacingOccurrences(of: "surplus", with: "sold")) == 400)
            #expect(try await postFacilities(facilities) == 200)
            #expect(try await postFacilities("unit_code,kind,have,needed\n26704,computer,10,25\n") == 200)
            let facilityReport = try await DossierAPITests.call(client, "/api/v1/bookkeeping/facilities?scope=commune:26704&asOf=2025-10-01", headers: [:])
            #expect(facilityReport.status == 200)
            #expect((facilityReport.json["attention"] as? [[String: Any]])?.contains { $0["why"] as? String == "noPlan" } == true)
            #expect((facilityReport.json["unitsShortOfEquipment"] as? [String: [String: Int]])?["26704"]?["computer"] == 15)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/facilities?asOf=soon", headers: [:]).status == 400)
        }
    }
}

/// Secondments over HTTP: a commune's request, a province's and a ministry's offers, matching proposed
/// then applied, and the report of unmet, overlapping and idle.
@Suite("secondments API")
struct SecondmentsAPITests {
    @Test("request, offers, match, report; rights and bad input")
    func secondments() async throws {
        try await TestApp.test { client in
            let (communeAdmin, _) = try await DossierAPITests.officer(client, roles: ["unitAdmin"], unit: "00004")
            let (provinceAdmin, _) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "01")
            let (sysadmin, _) = try await DossierAPITests.officer(client, roles: ["sysadmin"], unit: "01")
            let filed = try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/requests", .post, headers: communeAdmin, body: [
                "unitCode": "00004", "problem": "Tồn đọng hồ sơ cấp giấy chứng nhận", "skill": "land", "headcount": 3, "from": "2025-09-01", "days": 60,
            ])
            #expect(filed.status == 201)
            let requestID = try #require(filed.json["id"] as? String)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/requests", .post, headers: communeAdmin, body: [
                "unitCode": "00008", "problem": "x", "skill": "land", "headcount": 1, "from": "2025-09-01", "days": 10,
            ]).status == 403, "another commune's request")
            let invalid = try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/requests", .post, headers: communeAdmin, body: [
                "unitCode": "00004", "problem": "", "skill": "magic", "headcount": 0, "from": "1/9/2025", "days": 0,
            ])
            #expect(invalid.status == 400)
            #expect((invalid.json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String }
                == ["/problem", "/skill", "/headcount", "/from", "/days"])
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/offers", .post, headers: provinceAdmin, body: [
                "body": "Bộ Tài chính", "skill": "land", "people": 5, "availableFrom": "2025-08-01", "availableTo": "2025-12-31",
            ]).status == 403, "a ministry's offer is a system administrator's")
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/offers", .post, headers: provinceAdmin, body: [
                "body": "Sở Nông nghiệp và Môi trường Hà Nội", "provinceCode": "01", "skill": "land", "people": 2,
                "availableFrom": "2025-08-01", "availableTo": "2025-12-31",
            ]).status == 201)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/offers", .post, headers: sysadmin, body: [
                "body": "Bộ Nông nghiệp và Môi trường", "skill": "land", "people": 4, "availableFrom": "2025-08-01", "availableTo": "2025-12-31",
            ]).status == 201)
            let proposed = try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/match?scope=province:01", .post, headers: provinceAdmin)
            let mine = (proposed.json["assignments"] as? [[String: Any]] ?? []).filter { $0["requestID"] as? String == requestID }
            #expect(mine.compactMap { $0["people"] as? Int }.reduce(0, +) == 3)
            #expect(mine.first?["body"] as? String == "Sở Nông nghiệp và Môi trường Hà Nội", "the province's own staff first")
            let before = try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments?scope=commune:00004", headers: [:])
            #expect((before.json["unmet"] as? [String: Int])?[requestID] == 3, "proposing records nothing")
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/match?scope=province:01&apply=true", .post, headers: communeAdmin).status == 403)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/match?scope=province:01&apply=true", .post, headers: provinceAdmin).status == 200)
            let after = try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments?scope=commune:00004", headers: [:])
            #expect((after.json["unmet"] as? [String: Int])?[requestID] == nil)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/secondments/match?scope=commune:00004", .post, headers: provinceAdmin).status == 400)
        }
    }
}

/// The obstacles register over HTTP: raised by a commune, escalated to the province, resolved; the
/// report by field and body; wrong steps refused.
@Suite("obstacles API")
struct ObstaclesAPITests {
    @Test("raise, escalate, resolve, report; sideways escalation 409, another commune 403, a second resolution 409")
    func obstacles() async throws {
        try await TestApp.test { client in
            let (communeAdmin, _) = try await DossierAPITests.officer(client, roles: ["unitAdmin"], unit: "00004")
            let (otherAdmin, _) = try await DossierAPITests.officer(client, roles: ["unitAdmin"], unit: "00008")
            let raised = try await DossierAPITests.call(client, "/api/v1/bookkeeping/obstacles", .post, headers: communeAdmin, body: [
                "unitCode": "00004", "field": "land", "description": "Chưa rõ thẩm quyền đăng ký biến động đất đai",
                "legalBasis": "Luật Đất đai 2024", "body": "UBND phường Ba Đình", "level": "commune", "deadline": "2099-01-31",
            ])
            #expect(raised.status == 201)
            let id = try #require(raised.json["id"] as? String)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/obstacles", .post, headers: communeAdmin, body: [
                "unitCode": "00004", "field": "land", "description": "", "body": "UBND", "level": "commune", "deadline": "2099-01-31",
            ]).status == 400)
            let path = "/api/v1/bookkeeping/obstacles/\(id)/actions"
            #expect(try await DossierAPITests.call(client, path, .post, headers: otherAdmin, body: ["action": "resolve", "resolution": "x"]).status == 403)
            #expect(try await DossierAPITests.call(client, path, .post, headers: communeAdmin, body: [
                "action": "escalate", "body": "UBND phường khác", "level": "commune", "deadline": "2099-02-28", "reason": "Vượt thẩm quyền",
            ]).status == 409)
            let escalated = try await DossierAPITests.call(client, path, .post, headers: communeAdmin, body: [
                "action": "escalate", "body": "Sở Nông nghiệp và Môi trường Hà Nội", "level": "province", "deadline": "2099-02-28",
                "reason": "Vượt thẩm quyền của phường",
            ])
            #expect(escalated.status == 200 && (escalated.json["assignments"] as? [Any])?.count == 2)
            let report = try await DossierAPITests.call(client, "/api/v1/bookkeeping/obstacles?scope=commune:00004", headers: [:])
            #expect((report.json["byBody"] as? [String: [String: Int]])?["Sở Nông nghiệp và Môi trường Hà Nội"]?["open"] == 1)
            #expect(try await DossierAPITests.call(client, path, .post, headers: communeAdmin, body: ["action": "resolve", "resolution": "Sở đã hướng dẫn"]).status == 200)
            #expect(try await DossierAPITests.call(client, path, .post, headers: communeAdmin, body: ["action": "resolve", "resolution": "Lần nữa"]).status == 409)
            #expect(try await DossierAPITests.call(client, path, .post, headers: communeAdmin, body: ["action": "forget"]).status == 400)
            let after = try await DossierAPITests.call(client, "/api/v1/bookkeeping/obstacles?scope=commune:00004&asOf=2099-12-31", headers: [:])
            #expect((after.json["byField"] as? [String: [String: Int]])?["land"]?["resolved"] ?? 0 >= 1)
            #expect((after.json["total"] as? [String: Int])?["overdue"] == 0, "resolved obstacles are never overdue")
        }
    }
}

/// Public service units over HTTP, and every bookkeeping report exported as JSON, CSV and a workbook.
@Suite("bookkeeping exports API")
struct BookkeepingExportAPITests {
    @Test("public service units imported and reported; exports in three formats; the register needs rights and is logged")
    func exports() async throws {
        try await TestApp.test { client in
            let services = try await TestApp.shared.services()
            let (admin, adminID) = try await DossierAPITests.officer(client, roles: ["provinceAdmin"], unit: "01")
            let (clerk, _) = try await DossierAPITests.officer(client, roles: ["receptionist"])
            let committee = try #require(try await services.store.identity.agencies(provinceCode: "01", unitCode: "00004", offset: 0, limit: 50)
                .first { $0.kind == .communePeoplesCommittee }?.code)
            let tag = UUID().uuidString.prefix(6)
            let header = "id,unit_code,agency_code,name,sector,functions,staff,autonomy_group,review,review_deadline,decision,decided_on,merged_into"
            let file = "\(header)\nT\(tag),00004,\(committee),Trường Tiểu học thử,education,Giáo dục tiểu học,30,4,pending,2025-12-31,,,\n"
            func post(_ text: String, _ headers: HTTPFields) async throws -> DossierAPITests.Answer {
                try await client.execute(uri: "/api/v1/bookkeeping/public-service-units/import", method: .post, headers: headers,
                                         body: ByteBuffer(string: text)) {
                    DossierAPITests.Answer(status: Int($0.status.code), json: (try? $0.json()) ?? [:], headers: $0.headers)
                }
            }
            let refused = try await post(file.replacingOccurrences(of: ",30,", with: ",-3,"), admin)
            #expect(refused.status == 400 && refused.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect((refused.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } == ["line 2: staff"])
            #expect(try await post(file, clerk).status == 400, "a clerk may not manage bookkeeping in the commune")
            #expect(try await post(file, admin).json["inserted"] as? Int == 1)
            let report = try await DossierAPITests.call(
                client, "/api/v1/bookkeeping/public-service-units?scope=commune:00004&by=sector&asOf=2026-01-02", headers: [:]
            )
            #expect(report.status == 200)
            let overdue = (report.json["overdue"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(overdue.contains("T\(tag)"))
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/public-service-units?by=colour", headers: [:]).status == 400)
            // Over the 32 MB limit of an uploaded register: 413, and nothing read or written.
            let oversized = try await post(header + "\n" + String(repeating: "x", count: 33 * 1024 * 1024), admin)
            #expect(oversized.status == 413 && oversized.headers[.contentType]?.hasPrefix("application/problem+json") == true)
            #expect(try await post("\u{FEFF}", admin).status == 400, "an empty file")

            for kind in ["agencies", "staffing", "secondments", "redundancy", "facilities", "obstacles", "public-service-units"] {
                let json = try await DossierAPITests.call(client, "/api/v1/bookkeeping/export/\(kind)?scope=province:01", headers: [:])
                #expect(json.status == 200 && json.json["kind"] as? String == kind && !(json.json["sheets"] as? [Any] ?? []).isEmpty, "\(kind)")
                let (type, csv) = try await client.execute(uri: "/api/v1/bookkeeping/export/\(kind)?scope=province:01&format=csv&bom=true", method: .get) {
                    ($0.headers[.contentType], Array($0.body.readableBytesView))
                }
                #expect(type == "text/csv; charset=utf-8" && csv.starts(with: [0xEF, 0xBB, 0xBF]), "\(kind)")
                let (xlsxType, xlsx) = try await client.execute(uri: "/api/v1/bookkeeping/export/\(kind)?scope=province:01&format=xlsx", method: .get) {
                    ($0.headers[.contentType], Array($0.body.readableBytesView))
                }
                #expect(xlsxType == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" && xlsx.starts(with: [0x50, 0x4B]))
            }
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/export/budget", headers: [:]).status == 404)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/export/agencies?format=pdf", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/export/agencies?format=csv&sheet=2", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/export/agencies?by=district", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/export/agencies?scope=province:7", headers: [:]).status == 400)
            #expect(try await DossierAPITests.call(client, "/api/v1/bookkeeping/export/agencies?scope=commune:99999", headers: [:]).status == 404)

            let register = "/api/v1/bookkeeping/export/redundancy-cases?scope=province:01"
            #expect(try await DossierAPITests.call(client, register, headers: [:]).status == 401)
            #expect(try await DossierAPITests.call(client, register, headers: clerk).status == 403)
            #expect(try await DossierAPITests.call(client, register, headers: admin).status == 200)
            let log = try await services.store.identity.accessLog(AccessLogQuery(officerID: adminID, offset: 0, limit: 100))
            #expect(log.contains { $0.action == "export" && $0.resource == "redundancy-register/province:01" && $0.fields == ["personName"] })
        }
    }
}
