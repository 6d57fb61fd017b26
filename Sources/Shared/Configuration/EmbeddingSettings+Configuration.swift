extension EmbeddingSettings {
    /// Reads the `HMCP_EMBED_*` variables; an unset model means the provider's default, an unset
    /// maximum length the model's own.
    init(values: ConfigurationValues) throws {
        typealias V = ConfigurationVariables
        let provider = try values.choice(V.embedProvider, from: Provider.allCases.map(\.rawValue))
        self.init(
            provider: Provider(rawValue: provider) ?? .local,
            model: values.string(V.embedModel),
            apiURL: try values.url(V.embedAPIURL) ?? "https://api.openai.com/v1",
            apiKey: values.string(V.embedAPIKey),
            ollamaURL: try values.url(V.embedOllamaURL) ?? "http://127.0.0.1:11434",
            batchSize: try values.integer(V.embedBatchSize, in: 1...2048),
            maxLength: values.isSet(V.embedMaxLength) ? try values.integer(V.embedMaxLength, in: 8...8192) : nil,
            threads: try values.integer(V.embedThreads, in: 1...64),
            dimension: values.isSet(V.embedDimension) ? try values.integer(V.embedDimension, in: 1...65536) : nil,
            queryPrefix: values.verbatim(V.embedQueryPrefix),
            documentPrefix: values.verbatim(V.embedDocumentPrefix),
            queryInputType: values.string(V.embedInputTypeQuery),
            documentInputType: values.string(V.embedInputTypeDocument))
    }
}
