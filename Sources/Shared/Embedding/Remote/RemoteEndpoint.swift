import Foundation

/// Builds provider endpoint URLs from configured base URLs.
enum RemoteEndpoint {
    /// `base` + `/` + `path` after checking that `base` is an absolute http(s) URL; `setting` names
    /// the variable in the error.
    static func join(_ base: String, _ path: String, setting: String) throws -> String {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else {
            throw EmbeddingError.invalidSettings("\(setting) must be an http(s) URL, got \(base)")
        }
        return trimmed + "/" + path
    }
}
