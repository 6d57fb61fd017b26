import Foundation

/// An opened, validated version with its search engine: what a query runs against from start to
/// finish, even if a newer version goes live meanwhile.
public struct SearchSnapshot: Sendable {
    /// The version (meta, mapped matrix, tables).
    public let version: IndexVersion
    /// The engine over its matrix.
    public let engine: SearchEngine
    /// When this process adopted it.
    public let adoptedAt: Date

    /// Opens the engine of `version`.
    public init(version: IndexVersion, adoptedAt: Date = Date()) throws {
        self.version = version
        engine = try SearchEngine(version: version)
        self.adoptedAt = adoptedAt
    }
}
