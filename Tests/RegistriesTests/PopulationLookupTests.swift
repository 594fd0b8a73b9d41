import AppCore
import Domain
import Foundation
import Logging
import Registries
import Storage
import StorageTesting
import Testing

/// Population look-ups: only with a grant, a purpose and a well-formed ID; every attempt logged; the
/// answer pre-fills an applicant.
@Suite(.serialized)
struct PopulationLookupTests {
    @Test
    func refusedWithoutGrantPurposeOrValidIDAndAlwaysLogged() async throws {
        var options = RegistrySimulator.Options()
        options.filings = 0
        let simulator = try await RunningSimulator.start(options)
        defer { simulator.stop() }
        let store = try await TestStores.make(.sqlite)
        let harness = try await RegistryHarness.make(store)
        let (registry, http) = harness.registry(RegistryEndpoints.all(at: simulator.base, timeoutSeconds: 2))
        let person = try #require(try await Self.somePerson(http))
        let code = try await harness.resolvedBirth(1)
        let officer = harness.clerk

        func refusal(_ id: String, purpose: String?, birthYear: Int? = nil, sex: Applicant.Sex? = nil) async -> AppError? {
            do {
                _ = try await registry.person(personalID: id, purpose: purpose, birthYear: birthYear, sex: sex, by: officer, client: "test")
                return nil
            } catch {
                return error
            }
        }
        func isInvalid(_ error: AppError?, _ field: String) -> Bool {
            if case .invalid(let issues) = error { return issues.contains { $0.field == field } }
            return false
        }
        #expect(isInvalid(await refusal("12345", purpose: code), "personalID"), "malformed ID")
        #expect(isInvalid(await refusal("00109501234X", purpose: code), "personalID"), "not digits")
        let id = try #require(PersonalID(person.personalID))
        #expect(isInvalid(await refusal(person.personalID, purpose: code, birthYear: id.birthYear + 1, sex: person.sex), "personalID"), "birth year disagrees")
        #expect(isInvalid(await refusal(person.personalID, purpose: nil), "purpose"), "no purpose")
        #expect(isInvalid(await refusal(person.personalID, purpose: "00004-000101-9999"), "purpose"), "a purpose that is no dossier")
        let noGrant = await refusal(person.personalID, purpose: code)
        guard case .forbidden = noGrant else {
            Issue.record("without a grant: \(String(describing: noGrant))")
            return
        }

        // With a grant decided by the unit's approver, the look-up answers and pre-fills the applicant.
        let grant = try await harness.identity.requestGrant(by: officer, reason: "Tiếp nhận hồ sơ hộ tịch", days: 30)
        _ = try await harness.identity.decideGrant(id: grant.id, granted: true, note: "Đồng ý", by: harness.approver)
        let found = try await registry.person(
            personalID: person.personalID, purpose: code, birthYear: id.birthYear, sex: person.sex, by: officer, client: "test"
        )
        #expect(found == person)
        #expect(found.applicant.name == person.name && found.applicant.communeCode == person.currentCommune)

        let log = try await store.identity.accessLog(AccessLogQuery(officerID: officer.id, limit: 50))
        #expect(log.filter { $0.action == "populationLookupRefused" }.count == 6)
        let allowed = log.filter { $0.action == "populationLookup" }
        #expect(allowed.count == 1)
        #expect(allowed.first?.purpose == code && allowed.first?.fields.contains("currentAddress") == true)
        try await http.shutdown()
        try await store.close()
    }

    @Test
    func theSimulatorsPeopleHaveConsistentIDs() async throws {
        let simulator = try await RunningSimulator.start()
        defer { simulator.stop() }
        let http = RegistryHTTP(endpoints: RegistryEndpoints.all(at: simulator.base))
        let people = try await http.read(.population, "/sim/people?limit=200", as: Items<PersonRecord>.self).items
        #expect(people.count == 200)
        #expect(people.allSatisfy { $0.agreesWithID })
        let again = try await RunningSimulator.start()
        defer { again.stop() }
        let http2 = RegistryHTTP(endpoints: RegistryEndpoints.all(at: again.base))
        #expect(try await http2.read(.population, "/sim/people?limit=200", as: Items<PersonRecord>.self).items == people, "the same seed, the same people")
        try await http.shutdown()
        try await http2.shutdown()
    }

    static func somePerson(_ http: RegistryHTTP) async throws -> PersonRecord? {
        try await http.read(.population, "/sim/people?limit=1", as: Items<PersonRecord>.self).items.first
    }
}
