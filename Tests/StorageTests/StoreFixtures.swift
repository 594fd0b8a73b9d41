import AppCore
import Domain
import Storage
import StorageTesting

/// One migrated store per engine with the shipped geography loaded, shared by the read-only contract
/// tests of a run (loading is the slow part).
actor LoadedStores {
    static let shared = LoadedStores()
    private var stores: [TestStores.Engine: Task<any Store, any Error>] = [:]

    func store(_ engine: TestStores.Engine) async throws -> any Store {
        if let task = stores[engine] { return try await task.value }
        let task = Task { () async throws -> any Store in
            let store = try await TestStores.make(engine)
            try await ReferenceLoader.ensureGeography(in: store, at: "2025-07-01T00:00:00Z")
            return store
        }
        stores[engine] = task
        return try await task.value
    }
}

enum Shipped {
    static let dataset: GeographyDataset = {
        do { return try ReferenceLoader.shippedGeography().0 } catch { preconditionFailure("\(error)") }
    }()
}
