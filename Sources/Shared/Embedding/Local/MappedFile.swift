#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory; unmapped when the last reference goes away.
///
/// Model weights are read straight from the mapping, so a 90 MB safetensors file costs no heap
/// copy and its pages are shared with the page cache.
/// `@unchecked Sendable`: the mapping is read-only and never changes after `init`.
final class MappedFile: @unchecked Sendable {
    /// The first byte of the mapping.
    let bytes: UnsafeRawPointer
    /// The file's size in bytes.
    let count: Int

    /// Maps the file at `path`; throws `EmbeddingError.modelFileMissing` if it cannot be opened.
    init(path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw EmbeddingError.modelFileMissing(path: path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else {
            throw EmbeddingError.invalidModelFile(path: path, reason: "cannot read its size, or it is empty")
        }
        let size = Int(status.st_size)
        let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw EmbeddingError.invalidModelFile(path: path, reason: "mmap failed (errno \(errno))")
        }
        bytes = UnsafeRawPointer(mapped)
        count = size
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes), count)
    }
}
