import Foundation
import Hummingbird
import NIOCore

/// The bytes of one open event stream to a client, fed by any number of producers (the SDK's stream,
/// our notification sink, the keep-alive timer) and written by one HTTP response body.
final class OutboundEventStream: Sendable {
    private let stream: AsyncStream<Data>
    private let continuation: AsyncStream<Data>.Continuation

    /// An open, empty stream.
    init() {
        (stream, continuation) = AsyncStream<Data>.makeStream()
    }

    /// Queues `frame` for the client (dropped if the stream has ended).
    func yield(_ frame: Data) {
        continuation.yield(frame)
    }

    /// Ends the stream after what is queued.
    func finish() {
        continuation.finish()
    }

    /// Copies `source` into this stream, then ends it; returns the copying task.
    @discardableResult
    func pump(from source: AsyncThrowingStream<Data, any Error>) -> Task<Void, Never> {
        Task {
            do {
                for try await chunk in source { continuation.yield(chunk) }
            } catch {}
            continuation.finish()
        }
    }

    /// A response body writing this stream, with a keep-alive comment every `keepAlive`, that runs
    /// `onClose` once the stream ended or the client went away.
    func responseBody(keepAlive: Duration, onClose: @escaping @Sendable () async -> Void) -> ResponseBody {
        ResponseBody { [stream, continuation] writer in
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: keepAlive)
                    if Task.isCancelled { break }
                    continuation.yield(SSEFrame.keepAlive)
                }
            }
            do {
                for await frame in stream {
                    try await writer.write(ByteBuffer(bytes: frame))
                }
                ticker.cancel()
                continuation.finish()
                await onClose()
                try await writer.finish(nil)
            } catch {
                ticker.cancel()
                continuation.finish()
                await onClose()
                throw error
            }
        }
    }
}
