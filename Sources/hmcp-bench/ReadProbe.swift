import Dispatch
import Synchronization

/// A plain read of a mapping: every 64-byte word XORed into one value, on some threads. Nothing a scan
/// of the same bytes does can read them faster, so it shows how close the search kernels come to the
/// host's memory bandwidth.
enum ReadProbe {
    /// XOR of every whole 64-byte word of `bytes`, the words split evenly over `threads` threads.
    static func xor(_ bytes: UnsafeRawBufferPointer, threads: Int) -> UInt64 {
        let words = bytes.count / 64
        let threads = max(1, threads)
        let share = (words + threads - 1) / threads
        let total = Mutex(SIMD8<UInt64>())
        nonisolated(unsafe) let bytes = bytes  // read-only for the probe's duration
        DispatchQueue.concurrentPerform(iterations: threads) { part in
            var folded = SIMD8<UInt64>()
            var word = part * share
            let end = min(words, word + share)
            while word < end {
                folded ^= bytes.loadUnaligned(fromByteOffset: word * 64, as: SIMD8<UInt64>.self)
                word += 1
            }
            total.withLock { $0 ^= folded }
        }
        let lanes = total.withLock { $0 }
        return (0..<8).reduce(0) { $0 ^ lanes[$1] }
    }
}
