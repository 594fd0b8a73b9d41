public import Domain

/// Why a call to another system failed. `isPermanent` failures are not retried: the request itself is
/// wrong and will be refused again.
public enum RegistryError: Error, Sendable, Equatable, CustomStringConvertible {
    case notConfigured(ExternalSystem)
    case circuitOpen(ExternalSystem)
    case timeout(ExternalSystem)
    case transport(ExternalSystem, String)
    case status(ExternalSystem, Int, String)
    case badAnswer(ExternalSystem, String)

    public var isPermanent: Bool {
        switch self {
        case .notConfigured: true
        case .status(_, let code, _): (400..<500).contains(code) && ![408, 409, 425, 429].contains(code)
        case .badAnswer: false
        case .circuitOpen, .timeout, .transport: false
        }
    }

    public var description: String {
        switch self {
        case .notConfigured(let system): "\(system): no endpoint configured"
        case .circuitOpen(let system): "\(system): circuit open after repeated failures"
        case .timeout(let system): "\(system): no answer in time"
        case .transport(let system, let detail): "\(system): \(detail)"
        case .status(let system, let code, let body): "\(system): HTTP \(code) \(body.prefix(200))"
        case .badAnswer(let system, let detail): "\(system): unreadable answer: \(detail)"
        }
    }
}
