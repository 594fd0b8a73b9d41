public import Hummingbird
public import NIOCore

/// The request context of MotCua: Hummingbird's basics plus the client's address, which sign-in
/// throttling counts failures by.
public struct MotCuaRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
