import Foundation
import Testing

@testable import Shared

/// The WordPiece tokenizer's normalization and splitting rules, on the default model's vocabulary.
@Suite struct TokenizerTests {
    static let tokenizer = Result { try TokenizerLoader.load(directory: TestResources.modelDirectory, forceLowercase: false) }

    func ids(_ text: String, maxLength: Int = 256) throws -> [Int32] {
        try Self.tokenizer.get().encode(text, maxLength: maxLength)
    }

    func id(_ token: String) throws -> Int32 {
        try #require(try Self.tokenizer.get().vocabulary[token], "\(token) is not in the vocabulary")
    }

    @Test func specialTokensHaveTheBertIds() throws {
        let tokenizer = try Self.tokenizer.get()
        #expect([tokenizer.classifierID, tokenizer.separatorID, tokenizer.unknownID] == [101, 102, 100])
        #expect(try ids("") == [101, 102])
    }

    @Test func accentsAreStrippedAndTextLowercased() throws {
        #expect(try ids("Résumé NAÏVE Café") == ids("resume naive cafe"))
    }

    @Test func thereIsNoCompatibilityNormalization() throws {
        #expect(try ids("ﬁx") == [101, id("ﬁ"), id("##x"), 102])
    }

    @Test func controlCharactersAreDroppedAndWhitespaceUnified() throws {
        #expect(try ids("pass\u{0}wo\u{7}rd\u{200B}") == ids("password"))
        #expect(try ids("printer\tjam\r\nagain\u{3000}today") == ids("printer jam again today"))
    }

    @Test func punctuationIsSplitIntoSingleTokens() throws {
        #expect(try ids("hello,world!!") == ids("hello , world ! !"))
        #expect(try ids("“quoted”—dash") == [101, id("“"), id("quoted"), id("”"), id("—"), id("dash"), 102])
    }

    @Test func chineseCharactersAreWordsOfTheirOwn() throws {
        let tokens = try ids("客户无法登录")
        #expect(tokens.count == 8)
        #expect(tokens.contains(try id("法")))
    }

    @Test func unknownWordsAndOverlongWordsBecomeUnk() throws {
        #expect(try ids("🙁") == [101, 100, 102])
        #expect(try ids(String(repeating: "a", count: 101)) == [101, 100, 102])
        let hundred = try ids(String(repeating: "a", count: 100))
        #expect(!hundred.contains(100))
        #expect(hundred.count > 3)
    }

    @Test func wordsSplitIntoLongestMatchingPieces() throws {
        #expect(try ids("slowwww") == [101, id("slow"), id("##w"), id("##w"), id("##w"), 102])
    }

    @Test func truncationKeepsClsAndSep() throws {
        #expect(try ids("one two three four", maxLength: 4) == [101, id("one"), id("two"), 102])
        #expect(try ids("one two", maxLength: 2) == [101, 102])
    }

    @Test func vocabularyTextIsReadLineByLine() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("vocab.txt").path
        try "[PAD]\r\n[UNK]\n[CLS]\n[SEP]\nhello\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try TokenizerLoader.readVocabularyText(path) == ["[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hello": 4])
    }
}
