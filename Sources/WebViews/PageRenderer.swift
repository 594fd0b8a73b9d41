import Foundation
import Mustache

/// Renders the pages. Every template is read and parsed when the server starts, so a missing or broken
/// template stops the start-up instead of failing a citizen's request later.
public struct PageRenderer: Sendable {
    public enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case invalid(String, String)

        public var description: String {
            switch self {
            case .missing(let name): "page template \(name).mustache is missing from the bundle"
            case .invalid(let name, let error): "page template \(name).mustache does not parse: \(error)"
            }
        }
    }

    let library: MustacheLibrary
    public let assets: StaticAssets

    public init() throws {
        var library = MustacheLibrary()
        for name in PageTemplate.allCases.map(\.rawValue) {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Templates"),
                  let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw LoadError.missing(name)
            }
            do { try library.register(text, named: name) } catch { throw LoadError.invalid(name, String(describing: error)) }
        }
        self.library = library
        assets = try StaticAssets()
    }

    /// The page's HTML. The chrome's asset version is filled in here, once for every page.
    public func render<P: Page>(_ page: P) -> String {
        var page = page
        page.chrome.assetVersion = assets.version
        // Every name is checked at start-up, so a nil here cannot happen; an empty page would show it.
        return library.render(page, withTemplate: P.template.rawValue) ?? ""
    }
}

/// A page's view model: what its template shows, nothing else.
public protocol Page: Sendable {
    static var template: PageTemplate { get }
    var chrome: PageChrome { get set }
}

/// Every template of the site, checked at start-up.
public enum PageTemplate: String, CaseIterable, Sendable {
    case layout, home, procedure, submit, receipt, lookup, error, address
    case login, queue, dossier, reception, dashboard, admin, bookkeeping, reviews
    /// A partial: the fields of a form built from data.
    case fields
}
