import Foundation

/// A `vectors.f32` or `vectors.f16` file mapped read-only with `mmap(2)`: the rows are read in place,
/// never copied into the heap. The mapping lives as long as this object.
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
    /// Components between the starts of consecutive rows (64 bytes' worth).
    public var stride: Int { header.stride }
    /// True for a `vectors.f16` file.
    public var isHalfPrecision: Bool { header.dataType == VectorFileHeader.float16 }
    /// The first row of a float32 file; row `r` starts at `base + r * stride`, 64-byte aligned.
    public var base: UnsafePointer<Float> {
        precondition(!isHalfPrecision, "a float16 matrix has no float32 rows")
        return payload.baseAddress!.assumingMemoryBound(to: Float.self)
    }
    /// The first row of a float16 file, as IEEE binary16 bit patterns.
    public var halfBase: UnsafePointer<UInt16> {
        precondition(isHalfPrecision, "a float32 matrix has no float16 rows")
        return payload.baseAddress!.assumingMemoryBound(to: UInt16.self)
    }
    private let mapping: UnsafeMutableRawPointer
    private let length: Int
    private let url: URL

    /// Maps the file at `url` and checks its header and size (not the checksum: see `verifyChecksum()`).
    public init(url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw errno == ENOENT ? IndexFormatError.missingFile(url.lastPathComponent) : .io(operation: "open", path: url.path, errno: errno)
        }
        defer { close(descriptor) }
        self.url = url
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

    /// Tells the kernel the mapped pages are not needed soon (the float32 matrix beside a float16 one is
    /// read only for re-scoring a few rows), so they can leave the page cache.
    public func releasePages() {
        _ = madvise(mapping, length, MADV_DONTNEED)
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = posix_fadvise(descriptor, 0, 0, POSIX_FADV_DONTNEED)
        close(descriptor)
    }

    /// The payload bytes (all rows with their padding).
    public var payload: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: UnsafeRawPointer(mapping + VectorFileHeader.size), count: length - VectorFileHeader.size)
    }

    /// The `dimension` floats of `row`.
    public func row(_ row: Int) -> UnsafeBufferPointer<Float> {
        precondition(row >= 0 && row < rows, "row \(row) out of 0..<\(rows)")
        return UnsafeBufferPointer(start: base + row * stride, count: dimension)
    }
}
