/// The status codes the national portal's synchronisation uses, numbered as in DOMAIN.md §4: the
/// Decision 766 index is computed from what the portal receives, so every change is sent, in order.
public enum PortalStatus {
    public static func code(_ status: DossierStatus) -> Int {
        switch status {
        case .submitted: 1
        case .received: 2
        case .refusedAtIntake: 3
        case .processing: 4
        case .awaitingSupplement: 5
        case .awaitingPayment: 6
        case .withdrawn: 7
        case .stopped: 8
        case .resolved: 9
        case .returned: 10
        }
    }

    public static func status(code: Int) -> DossierStatus? {
        DossierStatus.allCases.first { Self.code($0) == code }
    }
}
