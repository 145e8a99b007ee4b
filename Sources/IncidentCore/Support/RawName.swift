/// File names as the kernel stores them (any bytes but `/` and NUL) held losslessly in a
/// `String`.
///
/// A Linux file name need not be UTF-8. Decoding it with replacement (U+FFFD) would lose
/// the bytes, so the file could never be opened, moved or named again. Instead every byte
/// that is not part of valid UTF-8 becomes the private-use scalar U+10FF00 + byte (bytes
/// 0x80…0xFF, so U+10FF80…U+10FFFF), and ``bytes(of:)`` turns those back into the byte.
/// A name that really contains one of those 128 scalars has their UTF-8 bytes escaped the
/// same way, so the mapping is one-to-one (the idea of Python's `surrogateescape`).
/// ``Escaping/printable(_:)`` shows such a scalar as `\xHH`.
public enum RawName {
    /// The first scalar of the escaped range: U+10FF00 + byte.
    static let base: UInt32 = 0x10FF00

    /// Whether `scalar` stands for a raw byte, and which.
    public static func rawByte(_ scalar: Unicode.Scalar) -> UInt8? {
        scalar.value >= base + 0x80 ? UInt8(truncatingIfNeeded: scalar.value - base) : nil
    }

    /// The name for the bytes of a directory entry (without the terminating NUL).
    public static func decode(_ bytes: some Collection<UInt8>) -> String {
        // Fast path: valid UTF-8 without the four-byte lead F4 (the only lead byte the
        // escaped range can start with) is taken as is.
        if !bytes.contains(0xF4), let text = String(validating: bytes, as: UTF8.self) { return text }
        return slowDecode(bytes)
    }

    /// Decoding byte by byte, for names with invalid sequences.
    private static func slowDecode(_ bytes: some Collection<UInt8>) -> String {
        let all = Array(bytes)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < all.count {
            let length = validSequenceLength(all, at: i)
            if length == 0 {
                out.append(Unicode.Scalar(base + UInt32(all[i]))!)
                i += 1
                continue
            }
            let scalar = String(decoding: all[i..<(i + length)], as: UTF8.self).unicodeScalars.first!
            if scalar.value >= base + 0x80 {
                for byte in all[i..<(i + length)] { out.append(Unicode.Scalar(base + UInt32(byte))!) }
            } else {
                out.append(scalar)
            }
            i += length
        }
        return String(out)
    }

    /// The length of the valid UTF-8 sequence starting at `i`, or 0.
    private static func validSequenceLength(_ bytes: [UInt8], at i: Int) -> Int {
        let lead = bytes[i]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard i + length <= bytes.count else { return 0 }
        return String(validating: bytes[i..<(i + length)], as: UTF8.self) == nil ? 0 : length
    }

    /// The bytes the kernel knows `name` by.
    public static func bytes(of name: String) -> [UInt8] {
        guard name.utf8.contains(0xF4) else { return Array(name.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(name.utf8.count)
        for scalar in name.unicodeScalars {
            if let byte = rawByte(scalar) {
                out.append(byte)
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// How many bytes `name` takes on disk (what `NAME_MAX` limits).
    public static func byteCount(_ name: String) -> Int {
        guard name.utf8.contains(0xF4) else { return name.utf8.count }
        return bytes(of: name).count
    }
}
