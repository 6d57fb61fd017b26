import Foundation
import HMCPServe
import Shared
import Testing

/// `ServerSettings` built in code starts from the same defaults as the `HMCP_*` variables, so a test
/// and a deployment run with the same values unless one of them says otherwise.
struct ServerSettingsDefaultsTests {
    @Test func settingsBuiltInCodeEqualSettingsLoadedFromAnEmptyConfiguration() throws {
        let environment = [
            "HMCP_HALO_URL": "https://acme.halopsa.com", "HMCP_HALO_CLIENT_ID": "relay",
            "HMCP_ENCRYPTION_KEY": String(repeating: "k", count: 40), "HMCP_PUBLIC_URL": "https://mcp.example.com",
        ]
        let configuration = try Configuration(program: .serve, values: ConfigurationValues(environment: environment))
        let loaded = try ServerSettings(configuration: configuration)
        var halo = HaloSettings(baseURL: "https://acme.halopsa.com", userClientID: "relay")
        // The shared budget's file lives in the data folder, which only a configuration names.
        halo.sharedBudget = loaded.halo.sharedBudget
        let built = ServerSettings(
            publicURL: "https://mcp.example.com", encryptionKey: String(repeating: "k", count: 40), halo: halo,
            semanticSearch: SemanticSearchSettings(dataDirectory: "./data", embedding: EmbeddingSettings()))
        #expect(Self.dumped(loaded) == Self.dumped(built))
    }

    /// Every field of `value`, nested ones too.
    private static func dumped(_ value: some Any) -> String {
        var text = ""
        dump(value, to: &text)
        return text
    }
}
