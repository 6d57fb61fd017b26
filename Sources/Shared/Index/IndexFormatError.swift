import Foundation

/// Why an index version cannot be written, opened or adopted. Every case names what is wrong so a
/// log line tells the operator which file to look at.
public enum IndexFormatError: Error, Equatable, CustomStringConvertible {
    /// A file of the version does not exist.
    case missingFile(String)
    /// A file of the version is a symbolic link, a directory or anything else but a regular file.
    case notRegularFile(String)
    /// A file is shorter (or longer) than its header and metadata say.
    case truncated(file: String, expectedBytes: Int, actualBytes: Int)
    /// `vectors.f32` does not start with the format's magic bytes.
    case badMagic
    /// The version was written with a format this build cannot read.
    case unsupportedFormatVersion(Int)
    /// `vectors.f32` was never completed: its writer stopped before `finish`.
    case incomplete
    /// `vectors.f32` holds a data type other than float32.
    case unsupportedDataType(UInt32)
    /// A header field is inconsistent.
    case invalidHeader(String)
    /// A required `meta` key (or the whole table) is absent.
    case missingMeta(String)
    /// A `meta` value cannot be parsed.
    case invalidMeta(key: String, value: String)
    /// The matrix dimension differs between two sources (header, `meta`, embedder, input).
    case dimensionMismatch(expected: Int, actual: Int)
    /// The number of rows differs between the header, `meta` and the `chunks` table.
    case rowCountMismatch(expected: Int, actual: Int)
    /// The payload checksum differs from the recorded one.
    case checksumMismatch(expected: UInt64, actual: UInt64)
    /// The index was built with another embedding model than the one in use.
    case modelMismatch(expected: String, actual: String)
    /// A row of `tickets` or `chunks` holds a value its column cannot have (NULL, another type, an
    /// unknown kind, a hash that does not match the text).
    case invalidRow(table: String, key: String, column: String, reason: String)
    /// The SQLite file cannot be opened or read.
    case database(String)
    /// The writer was given something it cannot store.
    case invalidInput(String)
    /// A file system call failed.
    case io(operation: String, path: String, errno: Int32)

    /// One line for logs and error messages.
    public var description: String {
        switch self {
        case .missingFile(let name): "index file \(name) is missing"
        case .notRegularFile(let name): "index file \(name) is not a regular file (symbolic links and other kinds are refused)"
        case let .truncated(file, expected, actual): "\(file) has \(actual) bytes but should have \(expected) (truncated or half-written)"
        case .badMagic: "\(IndexFormat.vectorsFileName) does not start with the index magic bytes"
        case .unsupportedFormatVersion(let version): "index format version \(version) is not supported (this build reads \(IndexFormat.readableVersions.lowerBound) to \(IndexFormat.readableVersions.upperBound))"
        case .incomplete: "\(IndexFormat.vectorsFileName) was never completed (its writer stopped midway)"
        case .unsupportedDataType(let code): "\(IndexFormat.vectorsFileName) holds data type \(code), expected float32 (or float16 in \(IndexFormat.halfVectorsFileName))"
        case .invalidHeader(let reason): "\(IndexFormat.vectorsFileName) header is invalid: \(reason)"
        case .missingMeta(let key): "index meta is missing \(key)"
        case let .invalidMeta(key, value): "index meta \(key) has an invalid value \(value.debugDescription)"
        case let .dimensionMismatch(expected, actual): "vector dimension is \(actual), expected \(expected)"
        case let .rowCountMismatch(expected, actual): "index has \(actual) rows where \(expected) were expected"
        case let .checksumMismatch(expected, actual):
            "matrix checksum is \(String(actual, radix: 16)), expected \(String(expected, radix: 16)) (the vectors are corrupt)"
        case let .modelMismatch(expected, actual): "index was built with model \(actual), but \(expected) is in use"
        case let .invalidRow(table, key, column, reason): "index table \(table), \(key), column \(column) \(reason)"
        case .database(let reason): "index database error: \(reason)"
        case .invalidInput(let reason): "cannot write index: \(reason)"
        case let .io(operation, path, code): "\(operation) \(path) failed: \(String(cString: strerror(code)))"
        }
    }
}
