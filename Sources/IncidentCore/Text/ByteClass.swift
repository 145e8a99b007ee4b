/// Byte classes for the tokenizer's hot loop: one table look-up per byte.
enum ByteClass {
    static let other: UInt8 = 0
    static let space: UInt8 = 1
    static let newline: UInt8 = 2
    static let lower: UInt8 = 3
    static let upper: UInt8 = 4
    static let digit: UInt8 = 5
    static let apostrophe: UInt8 = 6
    static let hyphen: UInt8 = 7
    static let period: UInt8 = 8
    static let terminal: UInt8 = 9  // ! ?
    static let clause: UInt8 = 10  // , ; : ( ) "
    static let nonASCII: UInt8 = 11

    static let table: [UInt8] = {
        var t = [UInt8](repeating: other, count: 256)
        for b in UInt8(ascii: "a")...UInt8(ascii: "z") { t[Int(b)] = lower }
        for b in UInt8(ascii: "A")...UInt8(ascii: "Z") { t[Int(b)] = upper }
        for b in UInt8(ascii: "0")...UInt8(ascii: "9") { t[Int(b)] = digit }
        for b in [UInt8(ascii: " "), 9, 11, 12, 13] { t[Int(b)] = space }
        t[10] = newline
        t[Int(UInt8(ascii: "'"))] = apostrophe
        t[Int(UInt8(ascii: "-"))] = hyphen
        t[Int(UInt8(ascii: "."))] = period
        t[Int(UInt8(ascii: "!"))] = terminal
        t[Int(UInt8(ascii: "?"))] = terminal
        for c in ",;:()\"" { t[Int(c.asciiValue!)] = clause }
        for b in 0x80...0xFF { t[b] = nonASCII }
        return t
    }()

    /// The class of byte `b`, as ``table`` gives it, but from constants: no array to
    /// retain or bounds-check, no lazy global to check, in the tokenizer's hot loops.
    @inline(__always)
    static func of(_ b: UInt8) -> UInt8 {
        let nibbles: UInt64  // the classes of 16 consecutive bytes, 4 bits each
        switch b >> 4 {
        case 0: nibbles = 0x0011_1210_0000_0000
        case 1: nibbles = 0
        case 2: nibbles = 0x087A_00AA_6000_0A91
        case 3: nibbles = 0x9000_AA55_5555_5555
        case 4: nibbles = 0x4444_4444_4444_4440
        case 5: nibbles = 0x0000_0444_4444_4444
        case 6: nibbles = 0x3333_3333_3333_3330
        case 7: nibbles = 0x0000_0333_3333_3333
        default: return nonASCII
        }
        return UInt8(truncatingIfNeeded: nibbles >> (UInt64(b & 15) &* 4)) & 0xF
    }

    /// ASCII lowercase of a byte (other bytes unchanged).
    @inline(__always)
    static func lowered(_ b: UInt8) -> UInt8 {
        b &- 65 < 26 ? b | 0x20 : b
    }
}
