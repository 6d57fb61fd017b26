/// BERT's tokenizer: the BERT normalizer and pre-tokenizer, then greedy longest-match WordPiece.
///
/// It follows the reference (HuggingFace `BertNormalizer` + `BertPreTokenizer` + `WordPiece`):
/// control characters are dropped and whitespace unified; CJK ideographs become words of their own;
/// accents are stripped (NFD, drop nonspacing marks) when `stripAccents` is on, or is unset and
/// `lowercase` is on; each scalar is lower-cased by its own Unicode mapping; punctuation is split
/// into single-character words. There is no NFKC step. A word longer than `maxWordLength` scalars,
/// or one that WordPiece cannot cover, becomes `[UNK]`.
struct WordPieceTokenizer: Sendable {
    /// Normalization switches, as in `tokenizer.json`'s `BertNormalizer`.
    struct Options: Sendable, Equatable {
        /// Drop control characters, map whitespace to a space.
        var cleanText = true
        /// Make every CJK ideograph a word of its own.
        var splitChineseCharacters = true
        /// Strip accents; `nil` means "when lower-casing".
        var stripAccents: Bool?
        /// Lower-case every scalar.
        var lowercase = true
        /// The continuation prefix of word pieces.
        var continuationPrefix = "##"
        /// Longer words become `[UNK]`.
        var maxWordLength = 100
    }

    /// Token id by token text.
    let vocabulary: [String: Int32]
    /// The normalization switches.
    let options: Options
    /// `[CLS]`, prepended to every text.
    let classifierID: Int32
    /// `[SEP]`, appended to every text.
    let separatorID: Int32
    /// `[UNK]`, for words the vocabulary cannot cover.
    let unknownID: Int32

    /// A tokenizer over `vocabulary`, which must hold `[CLS]`, `[SEP]` and `[UNK]`.
    init(vocabulary: [String: Int32], options: Options) throws {
        guard let classifier = vocabulary["[CLS]"], let separator = vocabulary["[SEP]"], let unknown = vocabulary["[UNK]"] else {
            throw EmbeddingError.invalidSettings("the vocabulary lacks [CLS], [SEP] or [UNK]")
        }
        self.vocabulary = vocabulary
        self.options = options
        classifierID = classifier
        separatorID = separator
        unknownID = unknown
    }

    /// The ids of `text`: `[CLS]`, its word pieces cut to `maxLength - 2`, `[SEP]`.
    func encode(_ text: String, maxLength: Int) -> [Int32] {
        let budget = max(maxLength - 2, 0)
        var ids: [Int32] = [classifierID]
        ids.reserveCapacity(min(budget, text.utf8.count) + 2)
        var word: [Unicode.Scalar] = []
        func flush() -> Bool {
            if !word.isEmpty {
                appendPieces(of: word, to: &ids)
                word.removeAll(keepingCapacity: true)
            }
            return ids.count - 1 < budget
        }
        scan: for scalar in normalizedScalars(of: text) {
            if TokenizerCharacters.isWhitespace(scalar) {
                if !flush() { break scan }
            } else if TokenizerCharacters.isPunctuation(scalar)
                || (options.splitChineseCharacters && TokenizerCharacters.isChinese(scalar)) {
                guard flush() else { break scan }
                word.append(scalar)
                if !flush() { break scan }
            } else {
                word.append(scalar)
            }
        }
        _ = flush()
        if ids.count - 1 > budget { ids.removeLast(ids.count - 1 - budget) }
        ids.append(separatorID)
        return ids
    }

    /// `text` after cleaning, accent stripping and lower-casing, with every whitespace a space.
    private func normalizedScalars(of text: String) -> [Unicode.Scalar] {
        let stripAccents = options.stripAccents ?? options.lowercase
        let source = stripAccents && !text.utf8.allSatisfy({ $0 < 0x80 })
            ? TokenizerCharacters.canonicalDecomposition(of: text) : text
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(source.unicodeScalars.underestimatedCount)
        for scalar in source.unicodeScalars {
            if options.cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || TokenizerCharacters.isControl(scalar) { continue }
                if TokenizerCharacters.isWhitespace(scalar) {
                    output.append(" ")
                    continue
                }
            }
            if stripAccents && scalar.value >= 0x80 && scalar.properties.generalCategory == .nonspacingMark { continue }
            if !options.lowercase {
                output.append(scalar)
            } else if scalar.isASCII {
                output.append(scalar.value >= 65 && scalar.value <= 90 ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar)
            } else {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return output
    }

    /// Greedy longest-match-first WordPiece of one word.
    private func appendPieces(of word: [Unicode.Scalar], to ids: inout [Int32]) {
        guard word.count <= options.maxWordLength else {
            ids.append(unknownID)
            return
        }
        let firstPiece = ids.count
        var start = 0
        while start < word.count {
            var end = word.count
            var match: Int32?
            while start < end {
                var piece = start > 0 ? options.continuationPrefix : ""
                piece.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[piece] {
                    match = id
                    break
                }
                end -= 1
            }
            guard let match else {
                ids.removeLast(ids.count - firstPiece)
                ids.append(unknownID)
                return
            }
            ids.append(match)
            start = end
        }
    }
}
