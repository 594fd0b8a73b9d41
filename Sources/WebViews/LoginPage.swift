/// The officers' sign-in form.
public struct LoginPage: Page {
    public static let template = PageTemplate.login
    public var chrome: PageChrome
    let username: String
    let error: String?
    let next: String
    let csrf: String

    public init(username: String = "", error: String? = nil, next: String, csrf: String) {
        self.username = username
        self.error = error
        self.next = next
        self.csrf = csrf
        chrome = PageChrome(title: "Cán bộ đăng nhập", section: .officer(current: "/can-bo/dang-nhap"))
    }
}
