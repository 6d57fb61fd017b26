import Foundation

/// Builds a model directory's `WordPieceTokenizer` from `vocab.txt` or `tokenizer.json`, with the
/// normalization switches of `tokenizer.json`'s `BertNormalizer`, else of `tokenizer_config.json`.
///
/// `tokenizer.json`'s truncation and padding are ignored on purpose: the token limit comes from
/// `sentence_bert_config.json` or the settings, and batches are never padded.
enum TokenizerLoader {
    /// The tokenizer of the model in `directory`; `forceLowercase` comes from sentence-transformers'
    /// own `do_lower_case`.
    static func load(directory: String, forceLowercase: Bool) throws -> WordPieceTokenizer {
        let vocabPath = directory + "/vocab.txt"
        let tokenizerPath = directory + "/tokenizer.json"
        let tokenizerFile = ModelFiles.exists(tokenizerPath) ? try readJSON(tokenizerPath) : nil
        let vocabulary: [String: Int32]
        if ModelFiles.exists(vocabPath) {
            vocabulary = try readVocabularyText(vocabPath)
        } else if let tokenizerFile {
            vocabulary = try Self.vocabulary(fromTokenizerJSON: tokenizerFile, path: tokenizerPath)
        } else {
            throw EmbeddingError.modelFileMissing(path: vocabPath + " (or tokenizer.json)")
        }
        var options = try tokenizerFile.map { try Self.options(fromTokenizerJSON: $0, path: tokenizerPath) }
            ?? Self.options(fromTokenizerConfig: directory + "/tokenizer_config.json")
        if forceLowercase { options.lowercase = true }
        return try WordPieceTokenizer(vocabulary: vocabulary, options: options)
    }

    /// One token per line; the line number (from 0) is the id (a repeated token keeps its last id).
    static func readVocabularyText(_ path: String) throws -> [String: Int32] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmbeddingError.modelFileMissing(path: path)
        }
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard !lines.isEmpty else { throw EmbeddingError.invalidModelFile(path: path, reason: "empty vocabulary") }
        var vocabulary: [String: Int32] = [:]
        vocabulary.reserveCapacity(lines.count)
        for (id, line) in lines.enumerated() {
            let bytes = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
            guard let token = String(bytes: bytes, encoding: .utf8) else {
                throw EmbeddingError.invalidModelFile(path: path, reason: "line \(id + 1) is not UTF-8")
            }
            vocabulary[token] = Int32(id)
        }
        return vocabulary
    }

    private static func readJSON(_ path: String) throws -> [String: Any] {
        guard let data = FileManager.default.contents(atPath: path),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else {
            throw EmbeddingError.invalidModelFile(path: path, reason: "not a JSON object")
        }
        return object
    }

    private static func vocabulary(fromTokenizerJSON file: [String: Any], path: String) throws -> [String: Int32] {
        guard let model = file["model"] as? [String: Any], let entries = model["vocab"] as? [String: Int] else {
            throw EmbeddingError.invalidModelFile(path: path, reason: "model.vocab is missing")
        }
        return entries.mapValues { Int32($0) }
    }

    private static func options(fromTokenizerJSON file: [String: Any], path: String) throws -> WordPieceTokenizer.Options {
        var options = WordPieceTokenizer.Options()
        if let model = file["model"] as? [String: Any] {
            if let type = model["type"] as? String, type != "WordPiece" {
                throw EmbeddingError.invalidModelFile(path: path, reason: "tokenizer model \(type) is not WordPiece")
            }
            options.continuationPrefix = model["continuing_subword_prefix"] as? String ?? options.continuationPrefix
            options.maxWordLength = model["max_input_chars_per_word"] as? Int ?? options.maxWordLength
        }
        if let normalizer = file["normalizer"] as? [String: Any] {
            guard normalizer["type"] as? String == "BertNormalizer" else {
                throw EmbeddingError.invalidModelFile(path: path, reason: "only the BertNormalizer is supported")
            }
            options.cleanText = normalizer["clean_text"] as? Bool ?? true
            options.splitChineseCharacters = normalizer["handle_chinese_chars"] as? Bool ?? true
            options.stripAccents = normalizer["strip_accents"] as? Bool
            options.lowercase = normalizer["lowercase"] as? Bool ?? true
        }
        return options
    }

    private static func options(fromTokenizerConfig path: String) throws -> WordPieceTokenizer.Options {
        var options = WordPieceTokenizer.Options()
        guard ModelFiles.exists(path) else { return options }
        let config = try readJSON(path)
        options.lowercase = config["do_lower_case"] as? Bool ?? true
        options.stripAccents = config["strip_accents"] as? Bool
        options.splitChineseCharacters = config["tokenize_chinese_chars"] as? Bool ?? true
        return options
    }
}
