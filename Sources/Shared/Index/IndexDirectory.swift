import Foundation

/// The `index/` directory under `HMCP_DATA_DIR`: published versions `v<N>` (six digits), the
/// `current` symlink naming the live one, the `.lock` file indexers hold, and `.tmp-v<N>` build
/// directories.
///
/// Reading (`current`, `versions`) needs no lock; changing anything goes through the
/// `IndexPublisher` that `acquire` returns.
public struct IndexDirectory: Sendable {
    /// The `index` directory itself.
    public let root: URL
    /// How many published versions to keep (the live one is never pruned).
    public let keep: Int

    /// Name of the symlink to the live version.
    public static let currentLinkName = "current"
    /// Name of the lock file.
    public static let lockFileName = ".lock"
    /// Prefix of build directories.
    public static let temporaryPrefix = ".tmp-"

    /// An index directory at `root`, keeping `keep` versions (at least 1).
    public init(root: URL, keep: Int = 3) {
        self.root = root
        self.keep = max(1, keep)
    }

    /// The index directory of a data directory (`<data>/index`).
    public init(dataDirectory: URL, keep: Int = 3) {
        self.init(root: dataDirectory.appendingPathComponent("index"), keep: keep)
    }

    /// The directory name of version `number`, e.g. `v000042`.
    public static func versionName(_ number: Int) -> String {
        let digits = String(number)
        return "v" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The version number in a name like `v000042`, or `nil`.
    public static func versionNumber(inName name: String) -> Int? {
        guard name.first == "v", name.count > 1, name.dropFirst().allSatisfy(\.isASCII) else { return nil }
        return Int(name.dropFirst()).flatMap { $0 >= 0 ? $0 : nil }
    }

    /// The directory of version `number`.
    public func url(ofVersion number: Int) -> URL {
        root.appendingPathComponent(Self.versionName(number))
    }

    /// The number of the live version, or `nil` when nothing is published yet.
    public func currentVersionNumber() -> Int? {
        FileSystem.linkTarget(root.appendingPathComponent(Self.currentLinkName)).flatMap(Self.versionNumber(inName:))
    }

    /// Opens the live version, or returns `nil` when nothing is published yet.
    public func current(validation: IndexVersion.Validation = .full, expecting: IndexVersion.Expectation? = nil) throws -> IndexVersion? {
        guard let number = currentVersionNumber() else { return nil }
        return try IndexVersion(directory: url(ofVersion: number), validation: validation, expecting: expecting)
    }

    /// Numbers of the published version directories, ascending.
    public func versions() -> [Int] {
        entries().compactMap(Self.versionNumber(inName:)).sorted()
    }

    /// Takes the indexer lock and removes stale build directories. Throws
    /// `IndexDirectoryError.anotherIndexerRunning` when another indexer still holds the lock after
    /// `timeout` (zero: do not wait). Waiting blocks the calling thread.
    public func acquire(waitingUpTo timeout: Duration = .zero) throws -> IndexPublisher {
        try FileSystem.createDirectory(root)
        let lock = try IndexLock(url: root.appendingPathComponent(Self.lockFileName), timeout: timeout)
        return try IndexPublisher(directory: self, lock: lock)
    }

    /// Names in the directory (empty when it does not exist).
    func entries() -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    }
}

/// Why the index directory cannot be changed.
public enum IndexDirectoryError: Error, Equatable, CustomStringConvertible {
    /// Another process (or another publisher in this one) holds `index/.lock`.
    case anotherIndexerRunning(holder: String)
    /// The pending version is not one this publisher began.
    case unknownPendingVersion(String)

    /// One line for logs and error messages.
    public var description: String {
        switch self {
        case .anotherIndexerRunning(let holder): "another indexer is running (\(holder)); try again when it has finished"
        case .unknownPendingVersion(let name): "\(name) was not begun by this publisher"
        }
    }
}
