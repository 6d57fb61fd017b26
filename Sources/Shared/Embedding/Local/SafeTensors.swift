import Foundation

/// A safetensors file read through a memory mapping: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
///
/// F32 tensors are used in place (no copy); F16 and BF16 tensors are widened into owned buffers.
struct SafeTensors: Sendable {
    /// One tensor's entry in the header.
    struct Entry: Sendable {
        /// `F32`, `F16`, `BF16`, `I64`, ...
        let dtype: String
        /// Dimensions, outermost first.
        let shape: [Int]
        /// Byte range relative to the start of the data section.
        let range: Range<Int>
    }

    /// The file this was read from (for error messages).
    let path: String
    /// Every tensor in the file by name.
    let entries: [String: Entry]
    private let file: MappedFile
    private let dataStart: Int

    /// Maps `path` and parses its header.
    init(path: String) throws {
        let file = try MappedFile(path: path)
        func invalid(_ reason: String) -> EmbeddingError { .invalidModelFile(path: path, reason: reason) }
        guard file.count >= 8 else { throw invalid("shorter than its 8-byte header length") }
        let headerLength = Int(UInt64(littleEndian: file.bytes.loadUnaligned(as: UInt64.self)))
        guard headerLength > 1, headerLength <= file.count - 8 else {
            throw invalid("header length \(headerLength) does not fit in \(file.count) bytes")
        }
        let header = Data(bytes: file.bytes + 8, count: headerLength)
        guard let table = try? JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw invalid("header is not a JSON object")
        }
        let dataLength = file.count - 8 - headerLength
        var entries: [String: Entry] = [:]
        for (name, value) in table where name != "__metadata__" {
            guard let fields = value as? [String: Any], let dtype = fields["dtype"] as? String,
                let shape = fields["shape"] as? [Int], let offsets = fields["data_offsets"] as? [Int],
                offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength
            else {
                throw invalid("tensor \(name) has a malformed header entry")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
        }
        self.path = path
        self.entries = entries
        self.file = file
        self.dataStart = 8 + headerLength
    }

    /// The float tensor `name` (also tried with a `bert.` prefix), checked against `shape`.
    func tensor(_ name: String, shape expected: [Int]) throws -> Tensor {
        guard let entry = entries[name] ?? entries["bert." + name] else {
            throw EmbeddingError.invalidModelFile(path: path, reason: "tensor \(name) is missing")
        }
        guard entry.shape == expected else {
            throw EmbeddingError.invalidModelFile(
                path: path, reason: "tensor \(name) has shape \(entry.shape), expected \(expected)")
        }
        let count = expected.reduce(1, *)
        let start = file.bytes + dataStart + entry.range.lowerBound
        let width: Int
        switch entry.dtype {
        case "F32": width = 4
        case "F16", "BF16": width = 2
        default:
            throw EmbeddingError.invalidModelFile(path: path, reason: "tensor \(name) has unsupported dtype \(entry.dtype)")
        }
        guard entry.range.count == count * width else {
            throw EmbeddingError.invalidModelFile(path: path, reason: "tensor \(name) has \(entry.range.count) bytes for \(count) values")
        }
        switch entry.dtype {
        case "F32" where Int(bitPattern: start) % MemoryLayout<Float>.alignment == 0:
            return Tensor(pointer: start.assumingMemoryBound(to: Float.self), shape: expected, storage: .mapped(file))
        case "F32":
            return Tensor(values: (0..<count).map { start.loadUnaligned(fromByteOffset: $0 * 4, as: Float.self) }, shape: expected)
        case "BF16":
            return Tensor(values: (0..<count).map {
                Float(bitPattern: UInt32(start.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self)) << 16)
            }, shape: expected)
        default:
            return Tensor(values: (0..<count).map {
                Self.widen(half: start.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))
            }, shape: expected)
        }
    }

    /// An IEEE half-precision value widened to float (done by hand: `Float16` is not on every platform).
    static func widen(half bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int((bits >> 10) & 0x1F)
        let fraction = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * fraction * 0x1p-24
        case 31: return fraction == 0 ? sign * .infinity : .nan
        default: return sign * (1 + fraction / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }
}
