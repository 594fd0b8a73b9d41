/// What is wrong with a request before any use case sees it.
enum RequestError: Error, Sendable {
    case emptyBody
    case tooLarge(limit: Int)
    case invalidUTF8
    case malformedJSON(String)
    case unsupportedMediaType(String)
    /// The JSON is well formed but a field has the wrong shape.
    case invalidField(field: String, message: String)
    case notFound(path: String)
    case methodNotAllowed(allowed: String)
}
