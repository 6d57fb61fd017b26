/// Exit codes of `hmcp-index`, so cron and systemd can tell what happened.
public enum ExitStatus {
    /// Done; a new version was published or nothing needed doing.
    public static let success: Int32 = 0
    /// Unexpected failure.
    public static let failure: Int32 = 1
    /// A configuration value is missing or malformed.
    public static let configuration: Int32 = 78  // EX_CONFIG
    /// HaloPSA could not be reached or refused the service account.
    public static let haloUnavailable: Int32 = 69  // EX_UNAVAILABLE
    /// Another indexer holds the lock.
    public static let locked: Int32 = 75  // EX_TEMPFAIL
}
