#if _endian(big)
#error("the index format stores little-endian floats and is mapped as-is; big-endian hosts are not supported")
#endif

/// Constants of the on-disk index format shared by the writer and the reader.
public enum IndexFormat {
    /// Version of the layout of `index.sqlite` and the matrix files that new versions are written with:
    /// 2 adds `vectors.f16`, the half-precision copy of `vectors.f32` that single queries scan.
    public static let version = 2
    /// Every layout version a reader opens; a version-1 index (no `vectors.f16`) is searched in float32.
    public static let readableVersions = 1...2
    /// The SQLite file of a version: `meta`, `tickets`, `chunks` and the FTS5 table.
    public static let databaseFileName = "index.sqlite"
    /// The float32 matrix file of a version.
    public static let vectorsFileName = "vectors.f32"
    /// The float16 matrix file of a version (format 2 on).
    public static let halfVectorsFileName = "vectors.f16"
    /// The files of a version written with layout `formatVersion`.
    public static func fileNames(formatVersion: Int) -> [String] {
        formatVersion >= 2 ? [databaseFileName, vectorsFileName, halfVectorsFileName] : [databaseFileName, vectorsFileName]
    }
    /// Every row starts on a multiple of this many bytes (a cache line; AVX-512 width).
    public static let rowAlignment = 64

    /// Components per stored float32 row for a `dimension`: the dimension rounded up to the row alignment.
    public static func stride(forDimension dimension: Int) -> Int {
        stride(forDimension: dimension, elementSize: MemoryLayout<Float>.size)
    }

    /// Components per stored row of `elementSize`-byte components, rounded up to the row alignment.
    public static func stride(forDimension dimension: Int, elementSize: Int) -> Int {
        let perLine = rowAlignment / elementSize
        return (dimension + perLine - 1) / perLine * perLine
    }
}
