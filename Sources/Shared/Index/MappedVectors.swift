import Foundation

/// A `vectors.f32` file mapped read-only with `mmap(2)`: the rows are read in place, never copied
/// into the heap. The mapping lives as long as this object.
///
/// `@unchecked Sendable`: the mapping is `PROT_READ` and immutable for the object's lifetime, so
/// any number of threads may read it; it is unmapped only in `deinit`.
public final class MappedVectors: @unchecked Sendable {
    /// The validated header.
    public let header: VectorFileHeader
    /// Number of rows.
    public var rows: Int { header.rows }
    /// Components per vector.
    public var dimension: Int { header.dimension }
    /// Floats between the starts of consecutive rows (a multiple of 16).
    public var stride: Int { header.stride }
    /// The first row; row `r` starts at `base + r * stride`, 64-byte aligned.
    public let base: UnsafePointer<Float>
    private let mapping: UnsafeMutableRawPointer
    private let length: Int

    /// Maps the file at `url` and checks its header and size (not the checksum: see `verifyChecksum()`).
    public init(url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT ? IndexFormatError.missingFile(url.lastPathComponent) : .io(operation: "open", path: url.path, errno: errno)
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw IndexFormatError.io(operation: "fstat", path: url.path, errno: errno) }
        length = Int(info.st_size)
        guard length >= VectorFileHeader.size else {
            throw IndexFormatError.truncated(file: url.lastPathComponent, expectedBytes: VectorFileHeader.size, actualBytes: length)
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_SHARED, descriptor, 0), mapped != MAP_FAILED else {
            throw IndexFormatError.io(operation: "mmap", path: url.path, errno: errno)
        }
        mapping = mapped
        do {
            header = try VectorFileHeader(parsing: UnsafeRawBufferPointer(start: mapped, count: VectorFileHeader.size), fileSize: length)
        } catch {
            munmap(mapped, length)
            throw error
        }
        base = UnsafeRawPointer(mapped + VectorFileHeader.size).assumingMemoryBound(to: Float.self)
    }

    deinit {
        munmap(mapping, length)
    }

    /// Reads the whole payload and throws `checksumMismatch` unless its XXH64 equals the header's.
    /// This also pages the matrix in, so the first query does not pay for it.
    public func verifyChecksum() throws {
        let actual = XXHash64.hash(payload)
        guard actual == header.checksum else { throw IndexFormatError.checksumMismatch(expected: header.checksum, actual: actual) }
    }

    /// The payload bytes (all rows with their padding).
    public var payload: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: UnsafeRawPointer(base), count: length - VectorFileHeader.size)
    }

    /// The `dimension` floats of `row`.
    public func row(_ row: Int) -> UnsafeBufferPointer<Float> {
        precondition(row >= 0 && row < rows, "row \(row) out of 0..<\(rows)")
        return UnsafeBufferPointer(start: base + row * stride, count: dimension)
    }
}
