/// The specialised agencies of the two-tier government at the size Resolution 268 counts them (465
/// provincial departments, 9,916 commune offices), for a synthetic data set: each province gets the
/// departments most provinces have, in turn, and each commune its office of the People's Council and
/// Committee, its economic office and its cultural-social office, a few communes without the third.
public enum SpecialisedAgencies {
    static let departments = [
        "Văn phòng Ủy ban nhân dân", "Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường",
        "Sở Công Thương", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ",
        "Thanh tra", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ",
    ]
    static let offices = ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]

    /// `provincial` departments spread over the provinces (the first ones by code get one more when
    /// they do not divide evenly) and `commune` offices, three per commune but for evenly spread
    /// communes that get two. Codes of the QCVN 102 shape, after those of `AgencyCode.seed`.
    public static func make(units: [AdministrativeUnit], provincial: Int, commune: Int) -> [Agency] {
        let current = units.filter { $0.isValid(at: Reform.effectiveDate) }
        let provinces = current.filter { $0.level == .province }.sorted { $0.code < $1.code }
        guard !provinces.isEmpty else { return [] }
        var agencies: [Agency] = []
        for (position, province) in provinces.enumerated() {
            let count = provincial / provinces.count + (position < provincial % provinces.count ? 1 : 0)
            for sequence in 0..<count {
                let name = departments[sequence % departments.count] + (sequence >= departments.count ? " \(sequence / departments.count + 1)" : "")
                agencies.append(Agency(
                    code: AgencyCode.generated(provinceCode: province.code, communeIndex: 0, kind: .provincialDepartment, sequence: sequence + 1),
                    name: "\(name) \(province.shortName)", kind: .provincialDepartment, unitCode: province.code, provinceCode: province.code
                ))
            }
        }
        let communes = current.filter { $0.level == .commune }.sorted { $0.code < $1.code }
        let short = max(0, communes.count * offices.count - commune)
        // Communes with one office fewer, spread evenly through the list.
        let fewer = Set((0..<short).map { $0 * communes.count / max(short, 1) })
        var indexInProvince: [String: Int] = [:]
        for (position, unit) in communes.enumerated() {
            let index = (indexInProvince[unit.provinceCode] ?? 0) + 1
            indexInProvince[unit.provinceCode] = index
            for (sequence, office) in offices.enumerated() where !(fewer.contains(position) && sequence == offices.count - 1) {
                agencies.append(Agency(
                    code: AgencyCode.generated(provinceCode: unit.provinceCode, communeIndex: index, kind: .communeOffice, sequence: sequence + 1),
                    name: "\(office) \(unit.name.lowercasedTypeWord)", kind: .communeOffice, unitCode: unit.code, provinceCode: unit.provinceCode
                ))
            }
        }
        return agencies
    }
}
