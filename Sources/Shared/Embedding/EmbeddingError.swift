/// Why an embedder could not be built or could not embed. Descriptions name the file, model or
/// provider at fault and what to do; they never carry an API key.
public enum EmbeddingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model directory does not exist.
    case modelDirectoryMissing(path: String)
    /// A file the model needs is missing from its directory.
    case modelFileMissing(path: String)
    /// A model file exists but cannot be used (bad JSON, bad safetensors header, wrong shape, ...).
    case invalidModelFile(path: String, reason: String)
    /// The configuration asks for something this embedder cannot do.
    case invalidSettings(String)
    /// A remote provider answered with an HTTP error status (after any retries).
    case providerStatus(provider: String, status: Int, detail: String)
    /// A remote provider answered 2xx but the body is not what its API promises.
    case malformedResponse(provider: String, reason: String)
    /// A remote provider could not be reached or did not answer in time (after any retries).
    case providerUnreachable(provider: String, reason: String)

    /// A one-line explanation for logs and error messages.
    public var description: String {
        switch self {
        case .modelDirectoryMissing(let path):
            "embedding model directory \(path) does not exist (run scripts/setup to fetch the default model)"
        case .modelFileMissing(let path):
            "embedding model file \(path) is missing (run scripts/setup to fetch the default model)"
        case .invalidModelFile(let path, let reason):
            "embedding model file \(path) is unusable: \(reason)"
        case .invalidSettings(let reason):
            "invalid embedding settings: \(reason)"
        case .providerStatus(let provider, let status, let detail):
            "\(provider) embedding request failed with HTTP \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        case .malformedResponse(let provider, let reason):
            "\(provider) embedding response is malformed: \(reason)"
        case .providerUnreachable(let provider, let reason):
            "\(provider) embedding service is unreachable: \(reason)"
        }
    }
}
