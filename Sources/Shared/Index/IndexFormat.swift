#if _endian(big)
#error("the index format stores little-endian float32 and is mapped as-is; big-endian hosts are not supported")
#endif

/// Constants of the on-disk index format shared by the writer and the reader.
public enum IndexFormat {
    /// Version of the layout of `index.sqlite` and `vectors.f32`; a reader refuses any other.
    public static let version = 1
    /// The SQLite file of a version: `meta`, `tickets`, `chunks` and the FTS5 table.
    public static let databaseFileName = "index.sqlite"
    /// The matrix file of a version.
    public static let vectorsFileName = "vectors.f32"
    /// Every row starts on a multiple of this many bytes (a cache line; AVX-512 width).
    public static let rowAlignment = 64

    /// Floats per stored row for a `dimension`: the dimension rounded up to the row alignment.
    public static func stride(forDimension dimension: Int) -> Int {
        let floatsPerLine = rowAlignment / MemoryLayout<Float>.size
        return (dimension + floatsPerLine - 1) / floatsPerLine * floatsPerLine
    }
}
