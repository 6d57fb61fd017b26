import Foundation

/// Runs blocking work (a scan of the matrix, a checksum pass over it) on a thread of its own and waits
/// for it without blocking: Swift's cooperative threads, which every other task needs, stay free, and
/// the work does not queue behind Dispatch's global queues (as wide as the CPU count, and busy with
/// embedding batches).
enum BlockingWork {
    /// The result of `body`, run on a new thread.
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
