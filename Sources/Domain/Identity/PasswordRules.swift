/// What a password must be: long enough, not only one kind of character, not the username, not a
/// well-known one. Says every problem at once, in Vietnamese.
public enum PasswordRules {
    public static let minimumLength = 10

    static let common: Set<String> = [
        "1234567890", "12345678910", "123456789a", "password123", "matkhau123", "qwertyuiop", "abc1234567",
        "motcua12345", "admin12345", "vietnam123",
    ]

    public static func problems(_ password: String, username: String) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("Mật khẩu cần ít nhất \(minimumLength) ký tự") }
        let kinds = [
            password.contains(where: \.isLowercase), password.contains(where: \.isUppercase),
            password.contains(where: \.isNumber), password.contains { !$0.isLetter && !$0.isNumber },
        ].filter { $0 }.count
        if kinds < 3 { problems.append("Mật khẩu cần ít nhất ba loại ký tự: chữ thường, chữ hoa, chữ số, ký hiệu") }
        if !username.isEmpty, password.lowercased().contains(username.lowercased()) {
            problems.append("Mật khẩu không được chứa tên đăng nhập")
        }
        if common.contains(password.lowercased()) { problems.append("Mật khẩu quá phổ biến") }
        return problems
    }
}
