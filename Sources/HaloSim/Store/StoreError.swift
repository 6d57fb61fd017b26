/// Why the helpdesk refused a read or write; the HTTP layer maps each case to Halo's status and body shape.
enum StoreError: Error, Equatable {
    /// Invalid input on a ticket or reference-data request (400).
    case invalid(String)
    /// Invalid input on an action request (400, Halo answers these as plain text).
    case invalidAction(String)
    /// No such record (404).
    case notFound(String)
    /// The record exists but the agent may not see it (answered 403 or 404 by configuration).
    case hidden(String)
}
