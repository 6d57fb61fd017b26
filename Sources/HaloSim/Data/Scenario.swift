/// A kind of IT-helpdesk problem the generator writes tickets about: summary and detail templates, the
/// notes agents add while working it, and the vocabulary (error codes, products, versions) filling its
/// `{slots}`. Global slots (`{host}`, `{laptop}`, `{user}`, `{client}`, …) come from the ticket's client.
struct Scenario: Sendable {
    /// Halo category path (`category_1`).
    var category: String
    /// The team that normally handles it.
    var teamID: Int
    /// Ticket types it is logged as.
    var ticketTypes: [Int]
    /// Priorities it is logged with.
    var priorities: [Int]
    /// One-line summaries.
    var summaries: [String]
    /// Opening paragraphs (the requester's words).
    var openings: [String]
    /// Further paragraphs: impact, what was tried.
    var paragraphs: [String]
    /// Bullet points (symptoms, requirements).
    var bullets: [String]
    /// Agents' investigation notes.
    var notes: [String]
    /// Agents' messages to the requester.
    var replies: [String]
    /// Requester's answers.
    var userReplies: [String]
    /// Resolution notes.
    var resolutions: [String]
    /// Scenario-specific slot values.
    var slots: [String: [String]]
}
