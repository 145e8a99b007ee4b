/// A set of lowercase words that tokens are looked up in, with a one-bit shape test
/// (first byte, last byte, length) before the string look-up: most tokens are in no such
/// set, and their shape says so without building and hashing a string.
struct WordSet: Sendable, ExpressibleByArrayLiteral {
    let words: Set<String>
    /// 4,096 bits, set for the shape of every word (collisions only cost a look-up).
    private let shapes: [UInt64]

    init(arrayLiteral elements: String...) {
        words = Set(elements)
        var shapes = [UInt64](repeating: 0, count: 64)
        for word in elements {
            let bytes = Array(word.utf8)
            guard let first = bytes.first, let last = bytes.last else { continue }
            let i = Self.shape(first: first, last: last, length: bytes.count)
            shapes[i >> 6] |= 1 << UInt64(i & 63)
        }
        self.shapes = shapes
    }

    @inline(__always)
    private static func shape(first: UInt8, last: UInt8, length: Int) -> Int {
        (Int(ByteClass.lowered(first)) &* 131 &+ Int(ByteClass.lowered(last)) &* 7 &+ min(length, 63)) & 4095
    }

    func contains(_ word: String) -> Bool { words.contains(word) }

    /// Whether the text of token `t`, lowercased, is one of the words.
    @inline(__always)
    func contains(token t: Int, in analysis: Analysis) -> Bool {
        let token = analysis.tokens[t]
        let start = Int(token.start)
        let end = Int(token.end)
        guard end > start else { return words.contains("") }
        let i = Self.shape(first: analysis.text[start], last: analysis.text[end - 1], length: end - start)
        guard shapes[i >> 6] & (1 << UInt64(i & 63)) != 0 else { return false }
        return words.contains(analysis.lower(t))
    }
}
