import Foundation
import Testing
@testable import Shared

/// The rules of chunker version 2: no chunk for a note that repeats the details, short notes gathered
/// in a history chunk, and headings that a summary edit leaves alone.
@Suite("Chunker version 2")
struct ChunkerVersion2Tests {
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

    @Test("short notes go into one public and one private history chunk, in date order; substantive notes keep their own")
    func historyChunks() {
        let chunks = Chunker().chunks(for: Self.ticket)
        #expect(chunks.map(\.kind) == [.summary, .details, .action, .action, .action, .action])
        #expect(chunks.map(\.ordinal) == Array(0..<6))
        #expect(chunks.map(\.actionID) == [nil, nil, 3, 6, nil, nil])
        #expect(chunks.map(\.isPrivate) == [false, false, true, false, false, true])
        #expect(chunks[2].text.hasSuffix(Self.longNote))
        #expect(chunks[3].text.hasPrefix("Ticket #812 note by Alice (Email User, 2024-05-01) on Network>VPN:\n"))
        #expect(chunks[4].text == """
            Ticket #812 history (Network>VPN):
            by Alice (Triage, 2024-05-01): Triaged and assigned to the right team.
            by Dana (User Reply, 2024-05-01): Any update on this please?
            """)
        #expect(chunks[5].text == "Ticket #812 private history (Network>VPN):\nby Alice (Approved, 2024-05-01): Approved.")
        #expect(chunks.count < Chunker(version: 1).chunks(for: Self.ticket).count)
    }

    @Test("a summary edit changes the summary chunk only")
    func summaryEdit() {
        var edited = Self.ticket
        edited.summary = "VPN drops every hour for the whole sales team"
        let before = Set(Chunker().chunks(for: Self.ticket).map(\.contentHash))
        let after = Chunker().chunks(for: edited)
        let changed = after.filter { !before.contains($0.contentHash) }
        #expect(changed.map(\.kind) == [.summary])
        let version1 = Set(Chunker(version: 1).chunks(for: Self.ticket).map(\.contentHash))
        #expect(Chunker(version: 1).chunks(for: edited).filter { !version1.contains($0.contentHash) }.count > 2)
    }

    @Test("a new short note changes the history chunk only; a new substantive note adds its own chunk only")
    func newNotes() {
        let before = Set(Chunker().chunks(for: Self.ticket).map(\.contentHash))
        var chased = Self.ticket
        chased.actions.append(Self.note(8, "Is there any news on this?", by: "Dana", outcome: "User Reply"))
        let chasedChanged = Chunker().chunks(for: chased).filter { !before.contains($0.contentHash) }
        #expect(chasedChanged.count == 1 && chasedChanged[0].actionID == nil && chasedChanged[0].text.hasSuffix("Is there any news on this?"))
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
        #expect(chunks.allSatisfy { $0.actionID == nil && $0.text.hasPrefix("Ticket #812 history (Network>VPN):\n") })
        #expect(chunks.allSatisfy { TokenCounting.wordEstimate($0.text) + 2 <= 64 })
        for call in 1...80 {
            #expect(chunks.contains { $0.text.contains("call \(call).") }, "call \(call) is missing")
        }
    }

    @Test("headings name no context when the ticket has no category")
    func noCategory() {
        var ticket = Self.ticket
        ticket.category = nil
        let texts = Chunker().chunks(for: ticket).map(\.text)
        #expect(texts[1].hasPrefix("Ticket #812 details:\n"))
        #expect(texts[2].hasPrefix("Ticket #812 note by Alice (Note, 2024-05-01):\n"))
        #expect(texts[4].hasPrefix("Ticket #812 history:\n"))
    }
}
