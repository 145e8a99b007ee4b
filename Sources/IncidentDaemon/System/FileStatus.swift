#if canImport(Glibc)
import Glibc
#endif

/// What `fstat`/`fstatat` says about a file, reduced to what the spool needs.
package struct FileStatus: Sendable, Equatable {
    /// The file's type.
    package enum Kind: Sendable, Equatable {
        case regular, directory, symlink, fifo, socket, characterDevice, blockDevice, unknown
    }

    package var kind: Kind
    package var size: Int64
    package var linkCount: UInt64
    package var device: UInt64
    package var inode: UInt64
    /// Last modification, seconds since the epoch (`st_mtim`).
    package var modified: Double

    package init(kind: Kind, size: Int64, linkCount: UInt64, device: UInt64, inode: UInt64, modified: Double = 0) {
        self.kind = kind
        self.size = size
        self.linkCount = linkCount
        self.device = device
        self.inode = inode
        self.modified = modified
    }

    init(_ info: stat) {
        let kind: Kind =
            switch info.st_mode & S_IFMT {
            case S_IFREG: .regular
            case S_IFDIR: .directory
            case S_IFLNK: .symlink
            case S_IFIFO: .fifo
            case S_IFSOCK: .socket
            case S_IFCHR: .characterDevice
            case S_IFBLK: .blockDevice
            default: .unknown
            }
        self.init(
            kind: kind, size: Int64(info.st_size), linkCount: UInt64(info.st_nlink),
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
            modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Whether two statuses name the same file (same device and inode).
    package func isSameFile(as other: FileStatus) -> Bool {
        device == other.device && inode == other.inode
    }
}
