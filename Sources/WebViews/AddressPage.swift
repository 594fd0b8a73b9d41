public import Domain

/// Old address → new: the citizen types an address written with pre-reform units and sees the current
/// commune, or every candidate when the old commune was split.
public struct AddressPage: Page {
    public static let template = PageTemplate.address

    struct Candidate: Sendable { let code: String; let address: String; let reason: String }

    public var chrome: PageChrome
    let input: String
    let answered: Bool
    let converted: Bool
    let address: String?
    let communeCode: String?
    let note: String?
    let candidates: [Candidate]
    let hasCandidates: Bool
    let notFound: Bool

    public init(input: String, conversion: AddressConversion?) {
        self.input = input
        answered = conversion != nil
        converted = conversion?.status == .converted
        address = conversion?.address
        communeCode = conversion?.communeCode
        note = conversion.flatMap { conversion in
            if conversion.alreadyCurrent { return "Địa chỉ này đã ghi theo đơn vị hành chính hiện hành." }
            if conversion.partial { return "Chỉ một phần của xã cũ nhập vào xã này; hãy kiểm tra thôn, tổ dân phố." }
            return nil
        }
        candidates = (conversion?.candidates ?? []).map { Candidate(code: $0.communeCode, address: $0.address, reason: $0.reasonText) }
        hasCandidates = !candidates.isEmpty
        notFound = conversion?.status == .notFound
        chrome = PageChrome(title: "Đổi địa chỉ cũ sang địa chỉ mới", section: .citizen(current: "/doi-dia-chi"))
    }
}
