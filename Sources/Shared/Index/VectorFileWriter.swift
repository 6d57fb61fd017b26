import Foundation

/// Writes a `vectors.f32` (or, rounded to the nearest half, `vectors.f16`) file: an incomplete header
/// first, rows appended through a buffer while the payload checksum is computed, then the complete
/// header and an `fsync` in `finish()`.
///
/// A file whose writer never reaches `finish()` keeps the "being written" state in its header and
/// is refused by every reader.
public final class VectorFileWriter {
    /// Components per vector.
    public let dimension: Int
    /// Rows appended so far.
    public private(set) var rows = 0
    /// `VectorFileHeader.float32` or `.float16`.
    public let dataType: UInt32
    private let url: URL
    private let stride: Int
    private var descriptor: Int32
    private var buffer: [Float] = []
    private var halfBuffer: [Float16] = []
    private var hasher = XXHash64()
    private static let bufferFloats = 1 << 18
    /// How far a row's length may be from 1 before it is refused.
    static let unitTolerance: Float = 1e-3

    /// Creates (or replaces) the file at `url`, storing components as `dataType`.
    public init(url: URL, dimension: Int, dataType: UInt32 = VectorFileHeader.float32) throws {
        guard dimension > 0 else { throw IndexFormatError.invalidInput("dimension must be positive") }
        guard dataType == VectorFileHeader.float32 || dataType == VectorFileHeader.float16 else {
            throw IndexFormatError.unsupportedDataType(dataType)
        }
        self.url = url
        self.dimension = dimension
        self.dataType = dataType
        stride = IndexFormat.stride(forDimension: dimension, elementSize: dataType == VectorFileHeader.float16 ? 2 : 4)
        descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IndexFormatError.io(operation: "create", path: url.path, errno: errno) }
        try VectorFileHeader(dimension: dimension, rows: 0, checksum: 0, isComplete: false, dataType: dataType).bytes.withUnsafeBytes {
            try writeAll($0, at: nil)
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends one unit-length vector of `dimension` floats.
    public func append(_ vector: UnsafeBufferPointer<Float>) throws {
        try validate(vector)
        if dataType == VectorFileHeader.float16 {
            halfBuffer.append(contentsOf: vector.lazy.map { Float16($0) })
            halfBuffer.append(contentsOf: repeatElement(0, count: stride - dimension))
        } else {
            buffer.append(contentsOf: vector)
            buffer.append(contentsOf: repeatElement(0, count: stride - dimension))
        }
        rows += 1
        if buffer.count + halfBuffer.count >= Self.bufferFloats { try flush() }
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
        let header = VectorFileHeader(dimension: dimension, rows: rows, checksum: hasher.finalize(), isComplete: true, dataType: dataType)
        try header.bytes.withUnsafeBytes { try writeAll($0, at: 0) }
        guard fsync(descriptor) == 0 else { throw IndexFormatError.io(operation: "fsync", path: url.path, errno: errno) }
        close(descriptor)
        descriptor = -1
        return header
    }

    private func flush() throws {
        for bytes in [buffer.withUnsafeBytes { Array($0) }, halfBuffer.withUnsafeBytes { Array($0) }] where !bytes.isEmpty {
            try bytes.withUnsafeBytes { bytes in
                hasher.update(bytes)
                try writeAll(bytes, at: nil)
            }
        }
        buffer.removeAll(keepingCapacity: true)
        halfBuffer.removeAll(keepingCapacity: true)
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
