/// The fixed 64-byte header of `vectors.f32` and `vectors.f16`, all fields little-endian:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 8 | magic `HMCPVEC` and a zero byte |
/// | 8 | 4 | format version |
/// | 12 | 4 | state: 0 while being written, 1 once complete |
/// | 16 | 4 | data type: 1 = float32, 2 = float16 (IEEE binary16) |
/// | 20 | 4 | dimension |
/// | 24 | 4 | stride (components per stored row: a multiple of 16 floats or 32 halves, 64 bytes) |
/// | 28 | 4 | reserved, zero |
/// | 32 | 8 | rows |
/// | 40 | 8 | XXH64 of the payload (every byte after the header, padding included) |
/// | 48 | 16 | reserved, zero |
public struct VectorFileHeader: Sendable, Equatable {
    /// Size of the header; the first row starts here.
    public static let size = 64
    /// The first eight bytes of every vector file.
    public static let magic: [UInt8] = Array("HMCPVEC".utf8) + [0]
    /// Data type code for little-endian float32.
    public static let float32: UInt32 = 1
    /// Data type code for little-endian IEEE binary16.
    public static let float16: UInt32 = 2

    /// Format version the file was written with.
    public var formatVersion: UInt32
    /// False while the writer is still appending; a reader refuses such a file.
    public var isComplete: Bool
    /// Data type code: `float32` or `float16`.
    public var dataType: UInt32
    /// Components per vector.
    public var dimension: Int
    /// Components per stored row (dimension plus zero padding).
    public var stride: Int
    /// Number of rows.
    public var rows: Int
    /// XXH64 of the payload.
    public var checksum: UInt64

    /// Bytes per component.
    public var elementSize: Int { Self.elementSize(of: dataType) }

    /// The file this header belongs to, for error messages.
    public var fileName: String { Self.fileName(of: dataType) }

    /// A header for a file of `rows` vectors of `dimension` components of `dataType`.
    public init(dimension: Int, rows: Int, checksum: UInt64, isComplete: Bool, dataType: UInt32 = float32) {
        formatVersion = UInt32(IndexFormat.version)
        self.isComplete = isComplete
        self.dataType = dataType
        self.dimension = dimension
        stride = IndexFormat.stride(forDimension: dimension, elementSize: Self.elementSize(of: dataType))
        self.rows = rows
        self.checksum = checksum
    }

    /// The 64 header bytes.
    public var bytes: [UInt8] {
        var out = Self.magic
        func put<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) } }
        put(formatVersion)
        put(UInt32(isComplete ? 1 : 0))
        put(dataType)
        put(UInt32(dimension))
        put(UInt32(stride))
        put(UInt32(0))
        put(UInt64(rows))
        put(checksum)
        out.append(contentsOf: [UInt8](repeating: 0, count: Self.size - out.count))
        return out
    }

    /// Parses and checks a header; `fileSize` is the size of the whole file.
    public init(parsing header: UnsafeRawBufferPointer, fileSize: Int) throws {
        guard fileSize >= Self.size, header.count >= Self.size else {
            throw IndexFormatError.truncated(file: "the vector file", expectedBytes: Self.size, actualBytes: fileSize)
        }
        guard header.prefix(8).elementsEqual(Self.magic) else { throw IndexFormatError.badMagic }
        func get<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T { T(littleEndian: header.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        formatVersion = get(8, UInt32.self)
        guard IndexFormat.readableVersions.contains(Int(formatVersion)) else {
            throw IndexFormatError.unsupportedFormatVersion(Int(formatVersion))
        }
        isComplete = get(12, UInt32.self) == 1
        guard isComplete else { throw IndexFormatError.incomplete }
        dataType = get(16, UInt32.self)
        guard dataType == Self.float32 || (dataType == Self.float16 && formatVersion >= 2) else {
            throw IndexFormatError.unsupportedDataType(dataType)
        }
        dimension = Int(get(20, UInt32.self))
        stride = Int(get(24, UInt32.self))
        rows = Int(clamping: get(32, UInt64.self))
        checksum = get(40, UInt64.self)
        guard dimension > 0, stride == IndexFormat.stride(forDimension: dimension, elementSize: Self.elementSize(of: dataType)) else {
            throw IndexFormatError.invalidHeader("stride \(stride) does not match dimension \(dimension)")
        }
        let (payload, overflow) = rows.multipliedReportingOverflow(by: stride * Self.elementSize(of: dataType))
        guard !overflow, payload <= Int.max - Self.size else { throw IndexFormatError.invalidHeader("row count \(rows) is impossible") }
        let expected = Self.size + payload
        guard fileSize == expected else {
            throw IndexFormatError.truncated(file: Self.fileName(of: dataType), expectedBytes: expected, actualBytes: fileSize)
        }
    }

    private static func elementSize(of dataType: UInt32) -> Int {
        dataType == float16 ? MemoryLayout<Float16>.size : MemoryLayout<Float>.size
    }

    private static func fileName(of dataType: UInt32) -> String {
        dataType == float16 ? IndexFormat.halfVectorsFileName : IndexFormat.vectorsFileName
    }
}
