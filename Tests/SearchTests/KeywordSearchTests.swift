import Foundation
import Testing
@testable import Shared

@Suite("Keyword search (FTS5, BM25)")
struct KeywordSearchTests {
    static let texts = [
        "Outlook shows error 0x80070005 when opening the shared mailbox",
        "Printer on floor 3 jams with every print job",
        "Server srv-db01.contoso.local reports the disk is full",
        "VPN disconnects every hour on Windows 11 laptops",
        "Printer toner is low in the accounts office",
        "New starter needs a mailbox and a laptop",
    ]

    static func withVersion(_ body: (IndexVersion) throws -> Void) throws {
        let index = try PublishedIndex()
        defer { index.remove() }
        try index.publish(texts)
        try body(try #require(try index.directory.current()))
    }

    @Test("exact identifiers find their ticket first", arguments: [("0x80070005", 1), ("srv-db01.contoso.local", 3), ("Windows 11", 4)])
    func identifiers(query: String, ticket: Int) throws {
        try Self.withVersion { version throws in
            #expect(try version.keywordSearch(query, count: 3).first?.ticketID == ticket)
        }
    }

    @Test("words match across inflections, every matching ticket once, best first")
    func words() throws {
        try Self.withVersion { version throws in
            let hits = try version.keywordSearch("printers jammed", count: 10)
            #expect(hits.map(\.ticketID) == [2, 5])
            #expect(hits[0].score > hits[1].score)
            #expect(hits[0].row == 1)
        }
    }

    @Test("filters, exclusions and paging apply")
    func filtersAndPaging() throws {
        try Self.withVersion { version throws in
            #expect(try version.keywordSearch("mailbox laptop", count: 10, filter: SearchFilter(clientIDs: [0])).map(\.ticketID) == [6, 4])
            #expect(try version.keywordSearch("mailbox laptop", count: 10, filter: SearchFilter(openOnly: true, excludedTicketIDs: [6]))
                .map(\.ticketID) == [4])
            let all = try version.keywordSearch("mailbox laptop printer", count: 10)
            #expect(all.count == 5)
            #expect(try version.keywordSearch("mailbox laptop printer", count: 2, offset: 2) == Array(all[2..<4]))
        }
    }

    @Test("query syntax and stop words are treated as plain text", arguments: ["NEAR( \"unbalanced AND OR *", "the and of", "---", ""])
    func syntaxIsText(query: String) throws {
        try Self.withVersion { version throws in
            #expect(try version.keywordSearch(query, count: 5).isEmpty)
        }
    }

    @Test("control characters, NUL included, separate words instead of breaking the query", arguments: ["\u{0}nul", "Outlook\u{0}mailbox", "\u{1}\u{7}\u{1B}"])
    func controlCharactersSeparateWords(query: String) throws {
        #expect(KeywordQuery.terms(of: query).allSatisfy { !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        try Self.withVersion { version throws in
            _ = try version.keywordSearch(query, count: 5)
        }
    }
}
