extension EmbeddingSettings {
    /// Reads the `HMCP_EMBED_*` variables; an unset model means the provider's default, an unset
    /// maximum length the model's own, unset threads one per processor, an unset precision `auto`.
    init(values: ConfigurationValues) throws {
        typealias V = ConfigurationVariables
        let provider = try values.choice(V.embedProvider, from: Provider.allCases.map(\.rawValue))
        let precision = try values.choice(V.embedPrecision, from: Precision.allCases.map(\.rawValue))
        self.init(
            provider: Provider(rawValue: provider) ?? .local,
            model: values.string(V.embedModel),
            apiURL: try values.url(V.embedAPIURL) ?? V.embedAPIURL.defaultValue(as: String.self),
            apiKey: values.string(V.embedAPIKey),
            ollamaURL: try values.url(V.embedOllamaURL) ?? V.embedOllamaURL.defaultValue(as: String.self),
            batchSize: try values.integer(V.embedBatchSize, in: 1...2048),
            maxLength: values.isSet(V.embedMaxLength) ? try values.integer(V.embedMaxLength, in: 8...8192) : nil,
            threads: values.isSet(V.embedThreads) ? try values.integer(V.embedThreads, in: 1...64) : EmbeddingSettings.defaultThreads,
            precision: Precision(rawValue: precision) ?? .auto,
            dimension: values.isSet(V.embedDimension) ? try values.integer(V.embedDimension, in: 1...65536) : nil,
            queryPrefix: values.verbatim(V.embedQueryPrefix),
            documentPrefix: values.verbatim(V.embedDocumentPrefix),
            queryInputType: values.string(V.embedInputTypeQuery),
            documentInputType: values.string(V.embedInputTypeDocument))
    }
}
