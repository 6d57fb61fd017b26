import Foundation
import Glibc

/// Opens a TCP connection to a loopback port, sends nothing, and sees whether the server hangs up.
public enum IdleConnectionProbe {
    /// Whether the server on `127.0.0.1:port` closes an idle connection within `limit` (whole seconds).
    /// The blocking wait runs on a thread of its own, never on one of the few cooperative threads the
    /// in-process servers need.
    public static func serverCloses(port: Int, within limit: Duration) async throws -> Bool {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try waitForClose(port: port, limit: limit) }) }.start()
        }
    }

    private static func waitForClose(port: Int, limit: Duration) throws -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ProbeError("socket() failed") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: Int(limit.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ProbeError("connect() to port \(port) failed") }
        var byte: UInt8 = 0
        // 0: the server closed the connection; -1 with EAGAIN: the time limit passed with it still open.
        return recv(descriptor, &byte, 1, 0) == 0
    }

    struct ProbeError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
