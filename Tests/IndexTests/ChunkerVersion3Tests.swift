import Foundation
import Testing
@testable import Shared

/// The rules of chunker version 3: no chunk for a note that repeats the details, short notes folded
/// into the substantive note before them (or a history chunk), and content hashes that a summary edit
/// leaves alone although every heading quotes the summary.
@Suite("Chunker version 3")
struct ChunkerVersion3Tests {
    static let day = Date(timeIntervalSince1970: 1_714_521_600)

    static func note(_ id: Int, _ text: String, by who: String = "Alice", outcome: String = "Note", isPrivate: Bool = false) -> ActionDocument {
        ActionDocument(
            id: id, outcomeName: outcome, who: who, date: day.addingTimeInterval(Double(id) * 3600), note: text, isPrivate: isPrivate)
    }

    static let longNote = "I checked the VPN concentrator logs and the tunnel drops exactly when the DHCP lease renews on the laptop."
    static let otherLongNote = "Replaced the client profile with the split-tunnel one and asked the user to reconnect from home tonight."

    static let ticket = TicketDocument(
        id: 812, summary: "VPN drops every hour",
        details: "<p>Hello,</p><p>The VPN drops every hour on my laptop.</p><ul><li>Since Monday</li></ul><p>Thanks,<br>Dana</p>",
        clientName: "Contoso", category: "Network>VPN",
        actions: [
            note(1, "Hello, the VPN drops EVERY hour on my laptop. Since Monday -- Thanks, Dana", by: "Dana", outcome: "Logged"),
            note(2, "Triaged and assigned to the right team.", outcome: "Triage"),
            note(3, longNote, isPrivate: true),
            note(4, "Any update on this please?", by: "Dana", outcome: "User Reply"),
            note(5, "Approved.", outcome: "Approved", isPrivate: true),
            note(6, otherLongNote, outcome: "Email User"),
            note(7, "<p> </p>"),
        ])

    @Test("a note that repeats the details (case, punctuation and markup aside) adds no chunk; one that adds words does")
    func detailsEcho() {
        let chunks = Chunker().chunks(for: Self.ticket)
        #expect(!chunks.contains { $0.actionID == 1 })
        #expect(!chunks.contains { $0.text.contains("EVERY hour") })
        var ticket = Self.ticket
        ticket.actions = [Self.note(1, "The VPN drops every hour on my laptop and on my phone, and it started before Monday.")]
        #expect(Chunker().chunks(for: ticket).contains { $0.actionID == 1 })
    }

    @Test("a short note is folded into the substantive note before it of the same visibility; earlier ones go into a history chunk")
    func folding() {
        let chunks = Chunker().chunks(for: Self.ticket)
        #expect(chunks.map(\.kind) == [.summary, .details, .action, .action, .action])
        #expect(chunks.map(\.ordinal) == Array(0..<5))
        #expect(chunks.map(\.actionID) == [nil, nil, 3, 6, nil])
        #expect(chunks.map(\.isPrivate) == [false, false, true, false, false])
        #expect(chunks[2].text == "Ticket #812 note by Alice (Note, 2024-05-01) on VPN drops every hour:\n\(Self.longNote)\nApproved.")
        #expect(chunks[3].text == "Ticket #812 note by Alice (Email User, 2024-05-01) on VPN drops every hour:\n\(Self.otherLongNote)")
        #expect(chunks[4].text == """
            Ticket #812 history (VPN drops every hour):
            Triaged and assigned to the right team.
            Any update on this please?
            """)
        #expect(chunks.count < Chunker(version: 1).chunks(for: Self.ticket).count)
    }

    @Test("a private short note never joins a public chunk: with no private note before it, it opens the private history")
    func privateNotesStayPrivate() {
        var ticket = Self.ticket
        ticket.actions = [Self.note(1, Self.otherLongNote), Self.note(2, "Supplier quote approved.", isPrivate: true)]
        let chunks = Chunker().chunks(for: ticket).filter { $0.kind == .action }
        #expect(chunks.map(\.isPrivate) == [false, true])
        #expect(!chunks[0].text.contains("Supplier quote"))
        #expect(chunks[1].text == "Ticket #812 private history (VPN drops every hour):\nSupplier quote approved.")
    }

    @Test("a summary edit changes the summary chunk's hash only, while every heading quotes the new summary")
    func summaryEdit() {
        var edited = Self.ticket
        edited.summary = "VPN drops every hour for the whole sales team"
        let before = Set(Chunker().chunks(for: Self.ticket).map(\.contentHash))
        let after = Chunker().chunks(for: edited)
        #expect(after.filter { !before.contains($0.contentHash) }.map(\.kind) == [.summary])
        #expect(after.dropFirst().allSatisfy { $0.text.contains("VPN drops every hour for the whole sales team):\n")
            || $0.text.contains("on VPN drops every hour for the whole sales team:\n") })
        let version1 = Set(Chunker(version: 1).chunks(for: Self.ticket).map(\.contentHash))
        #expect(Chunker(version: 1).chunks(for: edited).filter { !version1.contains($0.contentHash) }.count > 2)
    }

    @Test("a new short note changes the chunk it is folded into only; a new substantive note adds its own chunk only")
    func newNotes() {
        let before = Set(Chunker().chunks(for: Self.ticket).map(\.contentHash))
        var chased = Self.ticket
        chased.actions.append(Self.note(8, "Is there any news on this?", by: "Dana", outcome: "User Reply"))
        let chasedChanged = Chunker().chunks(for: chased).filter { !before.contains($0.contentHash) }
        #expect(chasedChanged.count == 1 && chasedChanged[0].actionID == 6 && chasedChanged[0].text.hasSuffix("\nIs there any news on this?"))
        var worked = Self.ticket
        worked.actions.append(Self.note(9, "Rolled the laptop back to the previous network driver, which stops the lease renewal from resetting the adapter."))
        let workedChanged = Chunker().chunks(for: worked).filter { !before.contains($0.contentHash) }
        #expect(workedChanged.map(\.actionID) == [9])
    }

    @Test("a note at the threshold stands alone; one token under it is folded", arguments: [Chunker.shortNoteTokens - 1, Chunker.shortNoteTokens])
    func threshold(tokens: Int) {
        let counter: TokenCounter = { $0.split(whereSeparator: \.isWhitespace).count }
        var ticket = Self.ticket
        ticket.actions = [Self.note(1, (0..<tokens).map { "word\($0)" }.joined(separator: " "))]
        let chunks = Chunker(countTokens: counter).chunks(for: ticket)
        #expect(chunks.last?.actionID == (tokens < Chunker.shortNoteTokens ? nil : 1))
        #expect(chunks.last?.text.hasSuffix("word\(tokens - 1)") == true)
    }

    @Test("a history longer than the token limit is split, losing no note")
    func longHistory() {
        var ticket = Self.ticket
        ticket.actions = (1...80).map { Self.note($0, "Chased the supplier again, call \($0).") }
        let chunks = Chunker(tokenLimit: 64).chunks(for: ticket).filter { $0.kind == .action }
        #expect(chunks.count > 1)
        #expect(chunks.allSatisfy { $0.actionID == nil && $0.text.hasPrefix("Ticket #812 history (VPN drops every hour):\n") })
        #expect(chunks.allSatisfy { TokenCounting.wordEstimate($0.text) + 2 <= 64 })
        for call in 1...80 {
            #expect(chunks.contains { $0.text.contains("call \(call).") }, "call \(call) is missing")
        }
    }

    @Test("the content hash leaves out the heading's quoted summary and nothing else")
    func contentHash() {
        func hash(_ kind: ChunkKind, _ text: String, _ summary: String?) -> String {
            Chunk.contentHash(kind: kind, text: text, quotedSummary: summary)
        }
        let headed = hash(.action, "Ticket #1 note on Printer offline:\nReplaced the toner.", "Printer offline")
        #expect(headed == hash(.action, "Ticket #1 note on Scanner offline:\nReplaced the toner.", "Scanner offline"))
        #expect(headed != hash(.action, "Ticket #1 note on Printer offline:\nReplaced the drum.", "Printer offline"))
        #expect(headed != hash(.action, "Ticket #1 note on Printer offline:\nReplaced the toner.", nil), "version 1 hashes the whole text")
        // The summary in the body is hashed: a body edit that matches a summary edit still changes the hash.
        #expect(hash(.details, "Ticket #1 details (Printer offline):\nPrinter offline since 9.", "Printer offline")
            != hash(.details, "Ticket #1 details (Scanner offline):\nScanner offline since 9.", "Scanner offline"))
        // The summary chunk's own text is the summary: it is always hashed.
        #expect(hash(.summary, "Ticket #1: Printer offline", "Printer offline") != hash(.summary, "Ticket #1: Scanner offline", "Scanner offline"))
    }
}
