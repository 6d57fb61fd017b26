import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// The bytes of one open event stream to a client, fed by any number of producers (the SDK's stream,
/// our notification sink, the keep-alive timer) and written by one HTTP response body.
///
/// What the client has not read yet is bounded: once more than ``maximumQueuedBytes`` wait, the
/// stream ends (a client that stops reading loses its stream, the server does not grow without limit).
final class OutboundEventStream: Sendable {
    /// Bytes that may wait for a client that is not reading, by default.
    static let defaultMaximumQueuedBytes = 16 << 20

    /// Bytes that may wait for this stream's client.
    let maximumQueuedBytes: Int
    private let stream: AsyncStream<Data>
    private let continuation: AsyncStream<Data>.Continuation
    private let queuedBytes = Atomic<Int>(0)

    /// An open, empty stream that ends once more than `maximumQueuedBytes` wait to be written.
    init(maximumQueuedBytes: Int = defaultMaximumQueuedBytes) {
        self.maximumQueuedBytes = maximumQueuedBytes
        (stream, continuation) = AsyncStream<Data>.makeStream()
    }

    /// Queues `frame` for the client (dropped if the stream has ended); ends the stream instead when
    /// the client is too far behind.
    func yield(_ frame: Data) {
        let queued = queuedBytes.add(frame.count, ordering: .relaxed).newValue
        guard queued <= maximumQueuedBytes else {
            continuation.finish()
            return
        }
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
                for try await chunk in source { yield(chunk) }
            } catch {}
            continuation.finish()
        }
    }

    /// A response body writing this stream, with a keep-alive comment every `keepAlive`, that runs
    /// `onClose` once the stream ended or the client went away.
    func responseBody(keepAlive: Duration, onClose: @escaping @Sendable () async -> Void) -> ResponseBody {
        ResponseBody { [self] writer in
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: keepAlive)
                    if Task.isCancelled { break }
                    yield(SSEFrame.keepAlive)
                }
            }
            do {
                for await frame in stream {
                    try await writer.write(ByteBuffer(bytes: frame))
                    queuedBytes.subtract(frame.count, ordering: .relaxed)
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
