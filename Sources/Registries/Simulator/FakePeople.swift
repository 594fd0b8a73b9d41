import Domain

/// Deterministic fake residents: valid personal IDs (birth province, century/sex digit and birth year
/// agree with the record) and addresses in real communes of 1 July 2025.
enum FakePeople {
    /// Real communes (code, name, province) from the official list, with the 3-digit birth-registration
    /// code of their province.
    static let communes: [(code: String, name: String, province: String, birthCode: String)] = [
        ("00004", "Phường Ba Đình", "01", "001"), ("02680", "Xã Hợp Thành", "15", "015"),
        ("05152", "Xã Vân Sơn", "25", "025"), ("11755", "Xã Tiên Lãng", "31", "031"),
        ("15016", "Xã Quan Sơn", "38", "038"), ("18277", "Xã Đức Thịnh", "42", "042"),
        ("21181", "Xã Thọ Phong", "51", "051"), ("25567", "Phường Ninh Thạnh", "80", "080"),
        ("27994", "Xã Thạnh Lợi", "80", "080"), ("30505", "Phường Chi Lăng", "91", "091"),
    ]

    static let surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương"]
    static let middle = ["Văn", "Thị", "Minh", "Thu", "Quốc", "Ngọc", "Hữu", "Thanh", "Đức", "Bảo"]
    static let given = ["An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Lan", "Linh", "Long", "Mai", "Nam", "Phúc", "Quân", "Tâm", "Thảo", "Trang", "Tuấn", "Yến"]
    static let streets = ["Kim Mã", "Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Hùng Vương", "Lý Thường Kiệt", "Hai Bà Trưng"]

    static func make(count: Int, generator: inout SeededGenerator) -> [PersonRecord] {
        (0..<count).map { _ in person(&generator) }
    }

    static func person(_ generator: inout SeededGenerator) -> PersonRecord {
        let home = communes.randomElement(using: &generator)!
        let now = communes.randomElement(using: &generator)!
        let year = Int.random(in: 1945...2024, using: &generator)
        let sex: Applicant.Sex = Bool.random(using: &generator) ? .male : .female
        let centuryDigit = (year / 100 - 19) * 2 + (sex == .female ? 1 : 0)
        let tail = String(Int.random(in: 0...999_999, using: &generator)).leftPadded(6)
        let id = home.birthCode + String(centuryDigit) + String(year % 100).leftPadded(2) + tail
        let name = [surnames.randomElement(using: &generator)!, sex == .female ? "Thị" : middle.randomElement(using: &generator)!,
                    given.randomElement(using: &generator)!].joined(separator: " ")
        let birth = LocalDate(year: year, month: Int.random(in: 1...12, using: &generator), day: Int.random(in: 1...28, using: &generator))!
        func address(_ commune: (code: String, name: String, province: String, birthCode: String)) -> String {
            "Số \(Int.random(in: 1...200, using: &generator)) \(streets.randomElement(using: &generator)!), \(commune.name)"
        }
        return PersonRecord(
            personalID: id, name: name, birthDate: birth, sex: sex, permanentAddress: address(home), permanentCommune: home.code,
            currentAddress: address(now), currentCommune: now.code
        )
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
