import Foundation

/// The role prefixes a sentence-transformers model folder declares in
/// `config_sentence_transformers.json`, e.g. `{"prompts": {"query": "query: ", "passage": "passage: "}}`.
enum ModelPrompts {
    /// The query prefix (`prompts.query`) and the document prefix (`prompts.document`, else
    /// `prompts.passage`) of the model in `directory`; `nil` where the folder does not say.
    static func read(directory: String) throws -> (query: String?, document: String?) {
        let path = directory + "/config_sentence_transformers.json"
        guard let data = FileManager.default.contents(atPath: path) else { return (nil, nil) }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw EmbeddingError.invalidModelFile(path: path, reason: "not the expected JSON (\(error))")
        }
        let prompts = file.prompts ?? [:]
        return (prompts["query"], prompts["document"] ?? prompts["passage"])
    }

    /// The part of the file hmcp reads; prompt names are kept verbatim (no key conversion).
    private struct File: Decodable {
        var prompts: [String: String]?
    }
}
