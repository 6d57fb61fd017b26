#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Host names that mean "this machine": `localhost`, an IPv4 address in 127.0.0.0/8, or the IPv6
/// address `::1`.
///
/// Addresses are parsed, never prefix-matched: `127.attacker.example` is a DNS name that anyone can
/// point anywhere, so it is no loopback host (for the DNS-rebinding check or for redirect URIs).
enum LoopbackHost {
    /// Whether `host` (without port; IPv6 in brackets or bare) is a loopback name or address.
    static func contains(_ host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" { return true }
        if name.hasPrefix("["), name.hasSuffix("]") { return isIPv6Loopback(String(name.dropFirst().dropLast())) }
        return isIPv4Loopback(name) || isIPv6Loopback(name)
    }

    /// Whether `text` is a dotted-quad IPv4 address in 127.0.0.0/8.
    private static func isIPv4Loopback(_ text: String) -> Bool {
        var address = in_addr()
        guard inet_pton(AF_INET, text, &address) == 1 else { return false }
        return withUnsafeBytes(of: &address) { $0.first == 127 }
    }

    /// Whether `text` is an IPv6 address equal to `::1`, in any of its spellings.
    private static func isIPv6Loopback(_ text: String) -> Bool {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return false }
        return withUnsafeBytes(of: &address) { $0.elementsEqual(Array(repeating: 0, count: 15) + [1]) }
    }
}
