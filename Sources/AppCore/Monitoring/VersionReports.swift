public import Domain

extension ReportService {
    public struct VersionReport: Sendable, Encodable {
        public var scope: String
        public var from: String
        public var to: String
        public var procedures: [VersionComparison]
    }

    /// Each procedure's versions compared (or one procedure's), for the scope and the receipt period.
    public func versions(scope: String?, from: String?, to: String?, procedure: String?) async throws(AppError) -> VersionReport {
        var request = try parse(scope: scope, from: from, to: to, by: "version", perspective: nil)
        if let procedure {
            guard ProcedureVersion.isValidCode(procedure) else { throw .invalid("procedure", "Mã thủ tục “\(procedure)” không hợp lệ") }
            request.filters.append(ReportFilter(.procedure, procedure))
        }
        return VersionReport(
            scope: Self.scopeText(request.filters), from: request.from.description, to: request.to.description,
            procedures: VersionComparison.compare(try await rows(request))
        )
    }
}
