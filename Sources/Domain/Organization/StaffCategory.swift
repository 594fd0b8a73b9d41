/// The categories of people on a unit's payroll that the restructuring policy distinguishes (Decree
/// 178/2024/NĐ-CP, amended by Decree 67/2025/NĐ-CP): each has its own rules, so each is counted apart.
public enum StaffCategory: String, Sendable, CaseIterable, Codable {
    /// Cán bộ: elected or appointed officials.
    case official
    /// Công chức.
    case civilServant
    /// Viên chức: staff of public service units.
    case publicEmployee
    /// Người hoạt động không chuyên trách ở cấp xã.
    case partTime
    /// Người lao động under a labour contract.
    case contractWorker

    public var vietnamese: String {
        switch self {
        case .official: "Cán bộ"
        case .civilServant: "Công chức"
        case .publicEmployee: "Viên chức"
        case .partTime: "Người hoạt động không chuyên trách"
        case .contractWorker: "Người lao động"
        }
    }
}
