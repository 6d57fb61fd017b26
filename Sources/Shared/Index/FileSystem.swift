import Foundation

/// The few POSIX file calls that crash-safe publishing needs, with errors that name the path.
enum FileSystem {
    /// Flushes a file's or a directory's contents and metadata to disk.
    static func sync(_ url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IndexFormatError.io(operation: "open", path: url.path, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw IndexFormatError.io(operation: "fsync", path: url.path, errno: errno) }
    }

    /// Renames `source` to `destination` atomically (replacing a symlink or empty target).
    static func rename(_ source: URL, to destination: URL) throws {
        guard Foundation.rename(source.path, destination.path) == 0 else {
            throw IndexFormatError.io(operation: "rename to \(destination.lastPathComponent)", path: source.path, errno: errno)
        }
    }

    /// Creates a symbolic link at `link` whose target is the relative path `target`.
    static func symlink(_ link: URL, to target: String) throws {
        guard Foundation.symlink(target, link.path) == 0 else { throw IndexFormatError.io(operation: "symlink", path: link.path, errno: errno) }
    }

    /// The target of the symbolic link at `link`, or `nil` when there is none.
    static func linkTarget(_ link: URL) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink(link.path, &buffer, buffer.count - 1)
        guard length >= 0 else { return nil }
        return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Removes a file, a symlink or a whole directory tree; a missing path is not an error.
    static func remove(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { return }
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw IndexFormatError.io(operation: "remove", path: url.path, errno: EIO)
        }
    }

    /// Creates a directory (and its parents); an existing one is fine.
    static func createDirectory(_ url: URL) throws {
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw IndexFormatError.io(operation: "mkdir", path: url.path, errno: EIO)
        }
    }

    /// Throws unless `url` itself (not what a link points at) is a regular file.
    static func requireRegularFile(_ url: URL) throws {
        var info = stat()
        guard lstat(url.path, &info) == 0 else {
            throw errno == ENOENT ? IndexFormatError.missingFile(url.lastPathComponent) : .io(operation: "lstat", path: url.path, errno: errno)
        }
        guard info.st_mode & S_IFMT == S_IFREG else { throw IndexFormatError.notRegularFile(url.lastPathComponent) }
    }

    /// The size of a regular file in bytes.
    static func size(of url: URL) throws -> Int {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw errno == ENOENT ? IndexFormatError.missingFile(url.lastPathComponent) : .io(operation: "stat", path: url.path, errno: errno)
        }
        return Int(info.st_size)
    }
}
