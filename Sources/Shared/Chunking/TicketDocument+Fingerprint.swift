import Crypto
import Foundation

extension TicketDocument {
    /// SHA-256 (hex) of the document's canonical JSON (actions in id order): equal fingerprints mean nothing the chunker
    /// reads has changed, so an incremental run can copy the ticket's rows from the previous version.
    public var fingerprint: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .millisecondsSince1970
        var canonical = self
        canonical.actions.sort { $0.id < $1.id }
        let json = (try? encoder.encode(canonical)) ?? Data()
        return SHA256.hash(data: json).hexString
    }
}
