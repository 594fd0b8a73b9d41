import Hummingbird

/// A route as data, so the router is built from the same list the OpenAPI test checks.
struct Route<Context: RequestContext>: Sendable {
    var method: HTTPRequest.Method
    /// Hummingbird path syntax: `units/:code`.
    var path: String
    var handler: @Sendable (Request, Context) async throws -> Response

    init(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping @Sendable (Request, Context) async throws -> Response) {
        self.method = method
        self.path = path
        self.handler = handler
    }

    /// The path in OpenAPI syntax, from the root: `/api/v1/units/{code}`.
    var openAPIPath: String {
        "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
    }
}
