import Foundation
import GRDB

/// A version being built in `index/.tmp-v<N>`, not yet visible to any reader.
public struct PendingVersion: Sendable, Equatable {
    /// The number it will be published as.
    public let number: Int
    /// Its build directory.
    public let url: URL
}

/// The only way to change an index directory, available while holding its lock: begin a version,
/// publish it crash-safely, adopt a version built elsewhere, prune old ones.
///
/// Publishing follows the design: fsync the files and the build directory, rename `.tmp-v<N>` to
/// `v<N>`, point a fresh `current.tmp` symlink at it and rename that over `current`, fsync the
/// directory, then prune. A crash at any step leaves `current` on a complete version. The lock is
/// released by `release()`, when the publisher is freed, or by the kernel when the process dies.
public final class IndexPublisher: Sendable {
    /// The directory this publisher changes.
    public let directory: IndexDirectory
    private let lock: IndexLock

    init(directory: IndexDirectory, lock: IndexLock) throws {
        self.directory = directory
        self.lock = lock
        try removeStaleBuilds()
    }

    /// Releases the lock; the publisher cannot be used afterwards.
    public func release() {
        lock.release()
    }

    /// Creates the build directory of the next version number.
    public func beginVersion() throws -> PendingVersion {
        try checkHeld()
        let taken = directory.versions() + [directory.currentVersionNumber() ?? 0]
        let number = (taken.max() ?? 0) + 1
        let url = directory.root.appendingPathComponent(IndexDirectory.temporaryPrefix + IndexDirectory.versionName(number))
        try FileSystem.remove(url)
        try FileSystem.createDirectory(url)
        return PendingVersion(number: number, url: url)
    }

    /// Validates a finished pending version fully and makes it the live one; returns its directory.
    @discardableResult
    public func publish(_ pending: PendingVersion, expecting: IndexVersion.Expectation? = nil) throws -> URL {
        try checkHeld()
        guard pending.url.deletingLastPathComponent().standardizedFileURL.path == directory.root.standardizedFileURL.path,
              pending.url.lastPathComponent == IndexDirectory.temporaryPrefix + IndexDirectory.versionName(pending.number)
        else { throw IndexDirectoryError.unknownPendingVersion(pending.url.lastPathComponent) }
        let version = try IndexVersion(directory: pending.url, validation: .full, expecting: expecting)
        guard version.number == pending.number else {
            throw IndexFormatError.invalidMeta(key: IndexMeta.Key.indexVersion, value: "\(version.number), expected \(pending.number)")
        }
        for file in IndexFormat.fileNames(formatVersion: version.meta.formatVersion) {
            try FileSystem.sync(pending.url.appendingPathComponent(file))
        }
        try FileSystem.sync(pending.url)
        let published = directory.url(ofVersion: pending.number)
        try FileSystem.rename(pending.url, to: published)
        try FileSystem.sync(directory.root)
        let link = directory.root.appendingPathComponent(IndexDirectory.currentLinkName)
        let temporaryLink = directory.root.appendingPathComponent(IndexDirectory.currentLinkName + ".tmp")
        try FileSystem.remove(temporaryLink)
        try FileSystem.symlink(temporaryLink, to: published.lastPathComponent)
        try FileSystem.rename(temporaryLink, to: link)
        try FileSystem.sync(directory.root)
        try prune()
        return published
    }

    /// Adopts a version built elsewhere (the "atomic swap on deploy"): validates `source` fully,
    /// copies it into a new build directory under the next number, and publishes it the same way.
    /// Returns the new version number. Nothing changes when validation fails. Its files must be
    /// regular files, in `source` and once copied: a symbolic link would be copied as a link and the
    /// renumbering would write through it into whatever it points at.
    @discardableResult
    public func importVersion(from source: URL, expecting: IndexVersion.Expectation? = nil) throws -> Int {
        try checkHeld()
        for file in IndexFormat.fileNames(formatVersion: 1) { try FileSystem.requireRegularFile(source.appendingPathComponent(file)) }
        let files = IndexFormat.fileNames(formatVersion: try IndexVersion(directory: source, validation: .structure).meta.formatVersion)
        for file in files { try FileSystem.requireRegularFile(source.appendingPathComponent(file)) }
        _ = try IndexVersion(directory: source, validation: .full, expecting: expecting)
        let pending = try beginVersion()
        do {
            for file in files {
                let copy = pending.url.appendingPathComponent(file)
                do {
                    try FileManager.default.copyItem(at: source.appendingPathComponent(file), to: copy)
                } catch {
                    throw IndexFormatError.io(operation: "copy \(file) from", path: source.path, errno: EIO)
                }
                try FileSystem.requireRegularFile(copy)
            }
            try renumber(pending)
            try publish(pending, expecting: expecting)
        } catch {
            try? FileSystem.remove(pending.url)
            throw error
        }
        return pending.number
    }

    /// Removes published versions beyond `keep`, newest first, never the live one.
    public func prune() throws {
        try checkHeld()
        let live = directory.currentVersionNumber()
        for number in directory.versions().reversed().dropFirst(directory.keep) where number != live {
            try FileSystem.remove(directory.url(ofVersion: number))
        }
    }

    /// Records the pending number as the copied version's `index_version`.
    private func renumber(_ pending: PendingVersion) throws {
        do {
            let database = try DatabaseQueue(path: pending.url.appendingPathComponent(IndexFormat.databaseFileName).path)
            try database.write { db in
                try db.execute(
                    sql: "UPDATE meta SET value = ? WHERE key = ?", arguments: [String(pending.number), IndexMeta.Key.indexVersion]
                )
            }
            try database.close()
        } catch {
            throw IndexFormatError.database("\(error)")
        }
    }

    /// Removes `.tmp-*` build directories and a leftover `current.tmp` left by a crashed run.
    private func removeStaleBuilds() throws {
        for name in directory.entries() where name.hasPrefix(IndexDirectory.temporaryPrefix) || name == IndexDirectory.currentLinkName + ".tmp" {
            try FileSystem.remove(directory.root.appendingPathComponent(name))
        }
    }

    private func checkHeld() throws {
        guard lock.isHeld else { throw IndexDirectoryError.anotherIndexerRunning(holder: "this publisher released its lock") }
    }
}
