/// How a model wants each role's texts: a prefix put before the text, and for remote providers an
/// `input_type` sent with the request. All empty for models that embed both roles alike (the
/// default all-MiniLM-L6-v2).
public struct RoleConventions: Sendable, Equatable {
    /// Put before every question, e.g. `query: ` (E5) or BGE's retrieval instruction.
    public var queryPrefix: String
    /// Put before every stored text, e.g. `passage: ` (E5).
    public var documentPrefix: String
    /// Sent as `input_type` with questions by the remote providers, e.g. `query`.
    public var queryInputType: String?
    /// Sent as `input_type` with stored texts by the remote providers, e.g. `passage` or `document`.
    public var documentInputType: String?

    /// Conventions with the given parts; the defaults are "both roles alike".
    public init(queryPrefix: String = "", documentPrefix: String = "", queryInputType: String? = nil, documentInputType: String? = nil) {
        self.queryPrefix = queryPrefix
        self.documentPrefix = documentPrefix
        self.queryInputType = queryInputType
        self.documentInputType = documentInputType
    }

    /// Whether both roles are embedded alike.
    public var isEmpty: Bool {
        queryPrefix.isEmpty && documentPrefix.isEmpty && queryInputType == nil && documentInputType == nil
    }

    /// The prefix of `role`.
    public func prefix(for role: EmbeddingRole) -> String {
        role == .query ? queryPrefix : documentPrefix
    }

    /// The `input_type` of `role`, if one is sent.
    public func inputType(for role: EmbeddingRole) -> String? {
        role == .query ? queryInputType : documentInputType
    }

    /// `texts` with `role`'s prefix put before each.
    public func prefixed(_ texts: [String], as role: EmbeddingRole) -> [String] {
        let prefix = prefix(for: role)
        return prefix.isEmpty ? texts : texts.map { prefix + $0 }
    }

    /// What the model id carries so that a change of convention reads as a change of model: empty
    /// when both roles are alike, else e.g. ` (query "query: ", document "passage: ")`. The index
    /// records the model id, so a different prefix or input type re-embeds every chunk, and a server
    /// whose conventions differ from the index's refuses to search it.
    public var identity: String {
        guard !isEmpty else { return "" }
        func side(_ role: EmbeddingRole) -> String {
            var parts = [role.rawValue]
            let prefix = prefix(for: role)
            if !prefix.isEmpty { parts.append("\"\(prefix)\"") }
            if let type = inputType(for: role) { parts.append("input_type=\(type)") }
            return parts.joined(separator: " ")
        }
        return " (\(side(.query)), \(side(.document)))"
    }
}
