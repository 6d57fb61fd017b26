import Foundation

/// Writes a `vectors.f32` file: an incomplete header first, rows appended through a buffer while
/// the payload checksum is computed, then the complete header and an `fsync` in `finish()`.
///
/// A file whose writer never reaches `finish()` keeps the "being written" state in its header and
/// is refused by every reader.
public final class VectorFileWriter {
    /// Components per vector.
    public let dimension: Int
    /// Rows appended so far.
    public private(set) var rows = 0
    private let url: URL
    private let stride: Int
    private var descriptor: Int32
    private var buffer: [Float] = []
    private var hasher = XXHash64()
    private static let bufferFloats = 1 << 18
    /// How far a row's length may be from 1 before it is refused.
    static let unitTolerance: Float = 1e-3

    /// Creates (or replaces) the file at `url`.
    public init(url: URL, dimension: Int) throws {
        guard dimension > 0 else { throw IndexFormatError.invalidInput("dimension must be positive") }
        self.url = url
        self.dimension = dimension
        stride = IndexFormat.stride(forDimension: dimension)
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexFormatError.io(operation: "create", path: url.path, errno: errno) }
        buffer.reserveCapacity(Self.bufferFloats)
        try VectorFileHeader(dimension: dimension, rows: 0, checksum: 0, isComplete: false).bytes.withUnsafeBytes {
            try writeAll($0, at: nil)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends one unit-length vector of `dimension` floats.
    public func append(_ vector: UnsafeBufferPointer<Float>) throws {
        try validate(vector)
        buffer.append(contentsOf: vector)
        buffer.append(contentsOf: repeatElement(0, count: stride - dimension))
        rows += 1
        if buffer.count >= Self.bufferFloats { try flush() }
    }

    /// Throws unless `vector` has `dimension` components and unit length (NaN and infinity fail too).
    public func validate(_ vector: UnsafeBufferPointer<Float>) throws {
        guard vector.count == dimension else { throw IndexFormatError.dimensionMismatch(expected: dimension, actual: vector.count) }
        var squaredLength: Float = 0
        for value in vector { squaredLength += value * value }
        guard abs(squaredLength - 1) <= Self.unitTolerance else {
            throw IndexFormatError.invalidInput("a vector has length \(squaredLength.squareRoot()); vectors must be L2-normalized")
        }
    }

    /// Appends one unit-length vector.
    public func append(_ vector: [Float]) throws {
        try vector.withUnsafeBufferPointer { try append($0) }
    }

    /// Writes the complete header, flushes the file to disk and closes it.
    @discardableResult
    public func finish() throws -> VectorFileHeader {
        guard descriptor >= 0 else { throw IndexFormatError.invalidInput("the vector file is already finished") }
        try flush()
        let header = VectorFileHeader(dimension: dimension, rows: rows, checksum: hasher.finalize(), isComplete: true)
        try header.bytes.withUnsafeBytes { try writeAll($0, at: 0) }
        guard fsync(descriptor) == 0 else { throw IndexFormatError.io(operation: "fsync", path: url.path, errno: errno) }
        close(descriptor)
        descriptor = -1
        return header
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { bytes in
            hasher.update(bytes)
            try writeAll(bytes, at: nil)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes all of `bytes` at the current position, or at `offset` when given.
    private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int?) throws {
        var written = 0
        while written < bytes.count {
            let start = bytes.baseAddress! + written
            let count = bytes.count - written
            let result = offset.map { pwrite(descriptor, start, count, off_t($0 + written)) } ?? write(descriptor, start, count)
            guard result > 0 else {
                if result < 0, errno == EINTR { continue }
                throw IndexFormatError.io(operation: "write", path: url.path, errno: result < 0 ? errno : EIO)
            }
            written += result
        }
    }
}
