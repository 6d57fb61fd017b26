/// Why a HaloPSA request is made, for the request metrics (`purpose` label): set around a piece of
/// work with `HaloRequestPurpose.$current.withValue(.permissionCheck) { ... }`; child tasks inherit it.
public enum HaloRequestPurpose: String, Sendable, CaseIterable {
    /// A tool call on behalf of a signed-in agent.
    case tool
    /// A search result's visibility check with the caller's own token.
    case permissionCheck = "permission_check"
    /// The indexer reading tickets with the service account.
    case indexer
    /// Anything else: sign-in, token exchanges, configuration checks.
    case other

    /// The purpose of the requests made by the current task.
    @TaskLocal public static var current: HaloRequestPurpose = .other
}
