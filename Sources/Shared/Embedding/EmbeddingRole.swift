/// Which side of a retrieval a text is on. Many retrieval models embed a question and a stored
/// document differently (E5's `query: ` and `passage: ` prefixes, BGE's query instruction, an
/// OpenAI-compatible server's `input_type`); the embedder applies the model's convention per role.
public enum EmbeddingRole: String, Sendable, CaseIterable {
    /// A user's question (the server embeds these).
    case query
    /// A stored text: a ticket chunk (the indexer embeds these).
    case document
}
