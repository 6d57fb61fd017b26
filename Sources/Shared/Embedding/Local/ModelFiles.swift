import Foundation

/// Reads the small JSON files of a model directory.
enum ModelFiles {
    /// Whether `path` exists.
    static func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Decodes the JSON file at `path` as `T`, or returns `nil` when the file does not exist.
    static func decodeIfPresent<T: Decodable>(_ type: T.Type, at path: String) throws -> T? {
        guard exists(path) else { return nil }
        return try decode(type, at: path)
    }

    /// Decodes the JSON file at `path` (snake_case keys) as `T`, naming the file in any error.
    static func decode<T: Decodable>(_ type: T.Type, at path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmbeddingError.modelFileMissing(path: path)
        }
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(type, from: data)
        } catch {
            throw EmbeddingError.invalidModelFile(path: path, reason: "not the expected JSON (\(error))")
        }
    }
}
