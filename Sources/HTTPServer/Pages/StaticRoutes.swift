import Hummingbird
import WebViews

/// The stylesheet and the script. Their URLs carry the content's version, so a year of caching is safe.
struct StaticRoutes<Context: RequestContext>: Sendable {
    let assets: StaticAssets

    var routes: [Route<Context>] {
        [Route(.get, "static/:name", asset)]
    }

    @Sendable func asset(_ request: Request, context: Context) async throws -> Response {
        guard let asset = assets.files[try context.parameters.require("name")] else { throw HTTPError(.notFound) }
        let current = request.uri.queryParameters.get("v") == assets.version
        return Response(
            status: .ok,
            headers: [
                .contentType: asset.mediaType,
                .cacheControl: current ? "public, max-age=31536000, immutable" : "public, max-age=300",
                .eTag: "\"\(assets.version)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes))
        )
    }
}
