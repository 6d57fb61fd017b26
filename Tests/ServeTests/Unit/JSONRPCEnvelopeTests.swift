import Foundation
@testable import HMCPServe
import Testing

/// A message the SDK's transport and its server would read differently (so the transport would wait
/// forever for an answer) is refused at once.
@Suite struct JSONRPCEnvelopeTests {
    private func kind(_ text: String) -> JSONRPCEnvelope.Kind? {
        try? JSONRPCEnvelope.parse(Data(text.utf8)).get().kind
    }

    @Test func plainMessagesAreClassified() {
        #expect(kind(#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#) == .request(id: "7", method: "ping"))
        #expect(kind(#"{"jsonrpc":"2.0","id":"a","method":"tools/list"}"#) == .request(id: "a", method: "tools/list"))
        #expect(kind(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#) == .notification(method: "notifications/initialized"))
        #expect(kind(#"{"jsonrpc":"2.0","id":3,"result":{}}"#) == .response(id: "3"))
    }

    @Test func onlyAnInitializeRequestCarriesTheProtocolVersionItAsksFor() throws {
        let initialize = try JSONRPCEnvelope.parse(
            Data(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2024-11-05"}}"#.utf8)).get()
        #expect(initialize.requestedProtocolVersion == "2024-11-05")
        let other = try JSONRPCEnvelope.parse(
            Data(#"{"jsonrpc":"2.0","id":2,"method":"ping","params":{"protocolVersion":"2024-11-05"}}"#.utf8)).get()
        #expect(other.requestedProtocolVersion == nil)
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":true,"method":"ping"}"#,
        #"{"jsonrpc":"2.0","id":false,"method":"logging/setLevel","params":{}}"#,
        #"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#,
        #"{"jsonrpc":"2.0","id":1,"id":2,"method":"ping","method":"tools/list"}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"ping","method":"tools/list"}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_ticket","arguments":{"ticket_id":1E400,"ticket_id":1}}}"#,
    ])
    func ambiguousMessagesAreRefused(text: String) throws {
        let rejection = try #require(JSONRPCEnvelope.parse(Data(text.utf8)).failure)
        #expect(rejection.status == .badRequest)
        #expect([-32700, -32600].contains(rejection.code))
    }
}

extension Result {
    /// The error, when this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
