import Foundation
import Shared

/// How `hmcp-serve` searches the index `hmcp-index` publishes: where the data folder is, which model
/// embeds queries (it must be the model the index was built with), and how hits are checked against
/// each caller's HaloPSA permissions.
public struct SemanticSearchSettings: Sendable {
    /// The folder holding `index/` and `queue.sqlite` (`HMCP_DATA_DIR`).
    public var dataDirectory: String
    /// The query embedder (`HMCP_EMBED_*`).
    public var embedding: EmbeddingSettings
    /// Seconds a per-user visibility answer is cached (`HMCP_PERMISSION_CACHE_TTL`).
    public var permissionCacheTTL: Int
    /// Visibility checks run at once per search (`HMCP_PERMISSION_CONCURRENCY`).
    public var permissionConcurrency: Int
    /// Most candidates one search checks (`HMCP_SEARCH_CANDIDATE_CAP`).
    public var candidateCap: Int
    /// A search starts no new permission check after this (`HMCP_SEARCH_DEADLINE_SECONDS`).
    public var deadline: Duration
    /// How often `index/current` is looked at for a new version.
    public var pollInterval: Duration

    /// Settings with hmcp's defaults for the permission filter and the index watcher.
    public init(
        dataDirectory: String, embedding: EmbeddingSettings,
        permissionCacheTTL: Int = ConfigurationVariables.permissionCacheTTL.defaultValue(as: Int.self),
        permissionConcurrency: Int = ConfigurationVariables.permissionConcurrency.defaultValue(as: Int.self),
        candidateCap: Int = PermissionFilter.defaultCandidateCap,
        deadline: Duration = .seconds(ConfigurationVariables.searchDeadline.defaultValue(as: Int.self)),
        pollInterval: Duration = .seconds(1)
    ) {
        self.dataDirectory = dataDirectory
        self.embedding = embedding
        self.permissionCacheTTL = permissionCacheTTL
        self.permissionConcurrency = permissionConcurrency
        self.candidateCap = candidateCap
        self.deadline = deadline
        self.pollInterval = pollInterval
    }
}
