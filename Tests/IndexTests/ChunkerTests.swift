import Foundation
import Testing
@testable import Shared

@Suite("Chunker")
struct ChunkerTests {
    /// One token per whitespace-separated word: easy to reason about in assertions.
    static let wordCounter: TokenCounter = { $0.split(whereSeparator: \.isWhitespace).count }

    static func sentence(_ index: Int) -> String {
        "Sentence \(index) explains step \(index) of the VPN troubleshooting procedure in detail."
    }

    static var longDetails: String {
        (0..<12).map { paragraph in
            "<p>" + (0..<6).map { sentence(paragraph * 6 + $0) }.joined(separator: " ") + "</p>"
        }.joined()
    }

    static let ticket = TicketDocument(
        id: 4711, summary: "VPN drops every hour", details: "<p>Short body.</p>", clientID: 7, clientName: "Contoso",
        ticketTypeName: "Incident", statusID: 2, statusName: "In Progress", teamID: 3, teamName: "Network",
        agentID: 9, agentName: "Alice", priority: "High", category: "VPN",
        dateOccurred: Date(timeIntervalSince1970: 1_714_521_600), lastActionDate: Date(timeIntervalSince1970: 1_714_694_400),
        actions: [
            ActionDocument(id: 30, who: "Bob", date: Date(timeIntervalSince1970: 1_714_694_400), note: "<p>Second note</p>"),
            ActionDocument(id: 20, outcomeName: "Email", who: "Carol", date: Date(timeIntervalSince1970: 1_714_608_000), note: "First note", isPrivate: true),
            ActionDocument(id: 25, note: "<p> </p>"),
        ]
    )

    @Test("version 1 cuts a summary chunk with the metadata, the details, and one chunk per non-empty note in date order")
    func chunkLayout() {
        let chunks = Chunker(version: 1).chunks(for: Self.ticket)
        #expect(chunks.map(\.kind) == [.summary, .details, .action, .action])
        #expect(chunks.map(\.ordinal) == [0, 1, 2, 3])
        #expect(chunks.map(\.actionID) == [nil, nil, 20, 30])
        #expect(chunks.map(\.isPrivate) == [false, false, true, false])
        #expect(chunks.allSatisfy { $0.ticketID == 4711 })
        let summary = chunks[0].text
        for fact in ["Ticket #4711: VPN drops every hour", "Client: Contoso", "Type: Incident", "Status: In Progress",
                     "Team: Network", "Agent: Alice", "Priority: High", "Category: VPN", "Occurred: 2024-05-01",
                     "Last action: 2024-05-03"] {
            #expect(summary.contains(fact), "summary chunk lacks \(fact)")
        }
        #expect(chunks[1].text.hasSuffix("Short body."))
        #expect(chunks[2].text.hasPrefix("Ticket #4711 note by Carol (Email, 2024-05-02) on VPN drops every hour:\n"))
        #expect(chunks[2].text.hasSuffix("First note"))
        #expect(chunks[3].text.hasSuffix("Second note"))
    }

    @Test("omits the details chunk of an empty body")
    func emptyDetails() {
        var ticket = Self.ticket
        ticket.details = "<div><br></div>"
        ticket.actions = []
        #expect(Chunker().chunks(for: ticket).map(\.kind) == [.summary])
    }

    @Test("splits long details under the token limit with overlap, losing no sentence", arguments: [64, 100, 256])
    func splitsUnderLimit(limit: Int) {
        var ticket = Self.ticket
        ticket.details = Self.longDetails
        ticket.actions = []
        let chunker = Chunker(tokenLimit: limit, overlapTokens: 16, countTokens: Self.wordCounter)
        let details = chunker.chunks(for: ticket).filter { $0.kind == .details }
        #expect(details.count > 1)
        for chunk in details {
            #expect(Self.wordCounter(chunk.text) + 2 <= limit, "chunk of \(Self.wordCounter(chunk.text)) tokens exceeds \(limit)")
            #expect(chunk.text.hasPrefix("Ticket #4711 details (VPN drops every hour):\n"))
        }
        let bodies = details.map { String($0.text.split(separator: "\n", maxSplits: 1)[1]) }
        for index in 0..<72 {
            #expect(bodies.contains { $0.contains(Self.sentence(index)) }, "sentence \(index) is missing")
        }
        for (previous, next) in zip(bodies, bodies.dropFirst()) {
            let firstSentence = String(next.prefix { $0 != "." })
            #expect(previous.hasSuffix(firstSentence + "."), "a piece does not start with the end of the previous one")
        }
    }

    @Test("cuts a sentence longer than the limit at words, and a word longer than the limit at characters")
    func splitsOversizedUnits() {
        var ticket = Self.ticket
        ticket.actions = []
        ticket.details = (0..<150).map { "word\($0)" }.joined(separator: " ") + " " + String(repeating: "x", count: 400)
        let counter: TokenCounter = { text in text.split(whereSeparator: \.isWhitespace).reduce(0) { $0 + ($1.count + 9) / 10 } }
        let chunks = Chunker(tokenLimit: 48, overlapTokens: 0, countTokens: counter).chunks(for: ticket).filter { $0.kind == .details }
        #expect(chunks.allSatisfy { counter($0.text) + 2 <= 48 })
        let text = chunks.map { String($0.text.split(separator: "\n", maxSplits: 1)[1]) }.joined(separator: " ")
        #expect(text.contains("word0 word1") && text.contains("word149"))
        #expect(text.filter { $0 == "x" }.count == 400)
    }

    @Test("hashes are SHA-256 of kind and text, and stable across runs")
    func hashes() {
        let chunk = Chunk(ticketID: 1, kind: .details, actionID: nil, ordinal: 1, text: "hello")
        #expect(chunk.contentHash == "eec88c804092af90b890d2100255a71c5266d3db9842df4f83711d577416823b")
        let summary = Chunker().chunks(for: TicketDocument(id: 1, summary: "Printer jam")).first
        #expect(summary?.contentHash == "3314954cb8f37f12d4dd08b1f7ecf96ddfc03f989a2838b2597bf89b2d0b08be")
        #expect(Chunker().chunks(for: Self.ticket) == Chunker().chunks(for: Self.ticket))
        #expect(Chunk.contentHash(kind: .action, text: "hello") != chunk.contentHash)
    }

    @Test("the fingerprint follows the content, not the order actions arrive in")
    func fingerprint() {
        var reordered = Self.ticket
        reordered.actions.reverse()
        #expect(reordered.fingerprint == Self.ticket.fingerprint)
        var changed = Self.ticket
        changed.actions[0].note += "!"
        #expect(changed.fingerprint != Self.ticket.fingerprint)
    }

    @Test("the default estimate never under-counts a WordPiece tokenization of plain words")
    func estimate() {
        #expect(TokenCounting.wordEstimate("") == 0)
        #expect(TokenCounting.wordEstimate("printer") >= 1)
        #expect(TokenCounting.wordEstimate("The printer, on floor 3, jams.") >= 9)
        #expect(TokenCounting.wordEstimate("0x80070005") >= 5)
        #expect(TokenCounting.wordEstimate("客户无法登录") == 6)
    }
}
