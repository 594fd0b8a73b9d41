import Domain
import Storage

struct LoginRequestDTO: Codable, Sendable {
    var username: String
    var password: String
}

struct LoginResponseDTO: Codable, Sendable {
    var token: String
    var expiresAt: String
    var user: UserDTO
}

struct UserDTO: Codable, Sendable {
    var id: String
    var username: String
    var fullName: String
    var agencyCode: String
    var unitCode: String
    var provinceCode: String
    var roles: [String]

    init(_ user: UserRecord) {
        id = user.id
        username = user.username
        fullName = user.fullName
        agencyCode = user.agencyCode
        unitCode = user.unitCode
        provinceCode = user.provinceCode
        roles = user.roles.map(\.rawValue).sorted()
    }
}

struct AgencyDTO: Codable, Sendable {
    var code: String
    var name: String
    var kind: String
    var unitCode: String
    var provinceCode: String
    var parentCode: String?

    init(_ agency: Agency) {
        code = agency.code
        name = agency.name
        kind = agency.kind.rawValue
        unitCode = agency.unitCode
        provinceCode = agency.provinceCode
        parentCode = agency.parentCode
    }
}

struct AgencyPageDTO: Codable, Sendable {
    var items: [AgencyDTO]
}

struct AccessLogEntryDTO: Codable, Sendable {
    var id: Int?
    var at: String
    var officerId: String
    var unitCode: String
    var roles: [String]
    var purpose: String
    var action: String
    var resource: String
    /// Masked when it is a personal ID number.
    var subject: String
    var fields: [String]
    var client: String

    init(_ entry: AccessLogEntry) {
        id = entry.id
        at = entry.at
        officerId = entry.officerID
        unitCode = entry.unitCode
        roles = entry.roles.map(\.rawValue)
        purpose = entry.purpose
        action = entry.action
        resource = entry.resource
        subject = PersonalID(entry.subject).map(\.description) ?? entry.subject
        fields = entry.fields
        client = entry.client
    }
}

struct AccessLogPageDTO: Codable, Sendable {
    var items: [AccessLogEntryDTO]
}

struct GrantRequestDTO: Codable, Sendable {
    var reason: String
    var days: Int
}

struct GrantDecisionDTO: Codable, Sendable {
    var granted: Bool
    var note: String?
}

struct GrantRevocationDTO: Codable, Sendable {
    var note: String?
}

struct GrantDTO: Codable, Sendable {
    var id: String
    var userId: String
    var unitCode: String
    var reason: String
    var days: Int
    var status: String
    var active: Bool
    var requestedAt: String
    var decidedBy: String?
    var decidedAt: String?
    var expiresAt: String?

    init(_ grant: RegisterGrant, now: Instant) {
        id = grant.id
        userId = grant.userID
        unitCode = switch grant.unit {
        case .commune(let code, _): code
        case .province(let code): code
        case .nation: ""
        }
        reason = grant.reason
        days = grant.days
        status = grant.status.rawValue
        active = grant.isActive(at: now)
        requestedAt = grant.requestedAt.description
        decidedBy = grant.decidedBy
        decidedAt = grant.decidedAt?.description
        expiresAt = grant.expiresAt?.description
    }
}

struct GrantPageDTO: Codable, Sendable {
    var items: [GrantDTO]
}

struct GrantEventDTO: Codable, Sendable {
    var at: String
    var actorId: String
    var event: String
    var note: String
}

struct GrantEventsDTO: Codable, Sendable {
    var items: [GrantEventDTO]
}

struct UserPageDTO: Codable, Sendable {
    var items: [UserDTO]
}

struct NewUserDTO: Codable, Sendable {
    var username: String
    var fullName: String
    var password: String
    var roles: [String]
    var unitCode: String
    var agencyCode: String?
}

struct PasswordChangeDTO: Codable, Sendable {
    var currentPassword: String
    var newPassword: String
}

struct PasswordResetDTO: Codable, Sendable {
    var password: String
}

struct NewAgencyDTO: Codable, Sendable {
    var code: String
    var name: String
    var kind: String
    var unitCode: String
    var parentCode: String?
    var fields: [String]?
}
