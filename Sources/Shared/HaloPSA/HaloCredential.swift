/// Whose rights a HaloPSA call runs with.
public enum HaloCredential: Sendable, Equatable {
    /// The service account (Client Credentials): the indexer's view of everything.
    case serviceAccount
    /// A user's own HaloPSA access token (from the OAuth relay), so HaloPSA applies that agent's permissions.
    case user(accessToken: String)
}
