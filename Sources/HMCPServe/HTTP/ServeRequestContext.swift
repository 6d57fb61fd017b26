import Hummingbird
import NIOCore

/// The request context of `hmcp-serve`'s routes: Hummingbird's basic context plus the peer's address,
/// which the per-address limits key on.
public struct ServeRequestContext: RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The address of the connection's other end (the reverse proxy, when there is one).
    public let remoteAddress: SocketAddress?

    /// The context of a request arriving on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
