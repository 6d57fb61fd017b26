import Foundation
import Synchronization

/// An exclusive `flock(2)` on `index/.lock`, held until `release()` or deinit. The holder's pid is
/// written into the file so a refused indexer can say who holds it. The kernel drops the lock when
/// the process dies, so a killed indexer never leaves it stuck.
final class IndexLock: Sendable {
    private let held: Mutex<Int32>

    /// Takes the lock, polling until `timeout` has passed.
    init(url: URL, timeout: Duration) throws {
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexFormatError.io(operation: "open", path: url.path, errno: errno) }
        let deadline = ContinuousClock.now + timeout
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let failure = errno
            guard failure == EWOULDBLOCK || failure == EINTR else {
                close(descriptor)
                throw IndexFormatError.io(operation: "flock", path: url.path, errno: failure)
            }
            guard ContinuousClock.now < deadline else {
                let holder = (try? String(contentsOf: url, encoding: .utf8)).map { "pid \($0)" } ?? "unknown holder"
                close(descriptor)
                throw IndexDirectoryError.anotherIndexerRunning(holder: holder.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            usleep(50_000)
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        held = Mutex(descriptor)
    }

    /// Whether the lock is still held.
    var isHeld: Bool { held.withLock { $0 >= 0 } }

    /// Releases the lock (idempotent).
    func release() {
        held.withLock { descriptor in
            guard descriptor >= 0 else { return }
            _ = ftruncate(descriptor, 0)
            flock(descriptor, LOCK_UN)
            close(descriptor)
            descriptor = -1
        }
    }

    deinit { release() }
}
