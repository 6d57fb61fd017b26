/// A float32 tensor of the model: a pointer into memory kept alive by `storage`.
/// `@unchecked Sendable`: the values are never written after the tensor is made.
struct Tensor: @unchecked Sendable {
    /// The first value (row-major).
    let pointer: UnsafePointer<Float>
    /// Dimensions, outermost first (linear weights are `[out, in]`).
    let shape: [Int]
    /// Keeps the memory behind `pointer` alive (a file mapping or an owned buffer).
    let storage: TensorStorage

    /// The number of values.
    var count: Int { shape.reduce(1, *) }

    /// A tensor over its own buffer of `values`.
    init(values: [Float], shape: [Int]) {
        precondition(values.count == shape.reduce(1, *))
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
        values.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { buffer.initialize(from: base, count: values.count) }
        }
        self.init(pointer: UnsafePointer(buffer), shape: shape, storage: .owned(buffer))
    }

    /// A tensor whose memory belongs to `storage`.
    init(pointer: UnsafePointer<Float>, shape: [Int], storage: TensorStorage) {
        self.pointer = pointer
        self.shape = shape
        self.storage = storage
    }

    /// The rows of several tensors with equal row width stacked into one new tensor (used to fuse
    /// the query, key and value projections into one matrix product).
    static func stacking(_ parts: [Tensor]) -> Tensor {
        let width = parts[0].shape.count == 1 ? 1 : parts[0].shape[1...].reduce(1, *)
        let rows = parts.reduce(0) { $0 + $1.count / width }
        let total = rows * width
        let buffer = UnsafeMutablePointer<Float>.allocate(capacity: total)
        var offset = 0
        for part in parts {
            (buffer + offset).initialize(from: part.pointer, count: part.count)
            offset += part.count
        }
        let shape = parts[0].shape.count == 1 ? [total] : [rows] + parts[0].shape[1...]
        return Tensor(pointer: UnsafePointer(buffer), shape: shape, storage: .owned(buffer))
    }
}

/// Owner of a tensor's memory.
/// `@unchecked Sendable`: the memory is written once before the tensor is shared and only read after.
final class TensorStorage: @unchecked Sendable {
    private let mapping: MappedFile?
    private let buffer: UnsafeMutablePointer<Float>?

    private init(mapping: MappedFile?, buffer: UnsafeMutablePointer<Float>?) {
        self.mapping = mapping
        self.buffer = buffer
    }

    /// Memory inside a file mapping.
    static func mapped(_ file: MappedFile) -> TensorStorage { TensorStorage(mapping: file, buffer: nil) }

    /// A buffer this storage owns and frees.
    static func owned(_ buffer: UnsafeMutablePointer<Float>) -> TensorStorage {
        TensorStorage(mapping: nil, buffer: buffer)
    }

    deinit { buffer?.deallocate() }
}
