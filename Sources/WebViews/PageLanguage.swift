/// The language every page is written in. The pages themselves arrive with the web interface; this
/// module holds their view models and templates.
public enum PageLanguage {
    public static let code = "vi"
}
