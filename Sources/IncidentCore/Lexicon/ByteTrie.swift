/// A trie over lowercase ASCII word bytes that finds, in one walk of a token, the word
/// atom equal to it and every stem atom that is a prefix of it.
struct ByteTrie: Sendable {
    /// Edge slots per node: a–z, 0–9, apostrophe, hyphen, dot.
    static let fanout = 39
    private static let slot: [Int8] = {
        var s = [Int8](repeating: -1, count: 256)
        for (i, b) in (UInt8(ascii: "a")...UInt8(ascii: "z")).enumerated() {
            s[Int(b)] = Int8(i)
            s[Int(b - 32)] = Int8(i)
        }
        for (i, b) in (UInt8(ascii: "0")...UInt8(ascii: "9")).enumerated() { s[Int(b)] = Int8(26 + i) }
        s[Int(UInt8(ascii: "'"))] = 36
        s[Int(UInt8(ascii: "-"))] = 37
        s[Int(UInt8(ascii: "."))] = 38
        return s
    }()

    private var edges: [Int32] = [Int32](repeating: -1, count: fanout)
    private var wordAtom: [Int32] = [-1]
    private var stemAtom: [Int32] = [-1]

    /// Whether `word` can be stored (ASCII letters, digits, `'`, `-`, `.` only).
    static func accepts(_ word: String) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { slot[Int($0)] >= 0 }
    }

    mutating func insert(_ word: String, atom: Int32, isStem: Bool) {
        var node = 0
        for b in word.utf8 {
            let s = Int(Self.slot[Int(b)])
            var next = Int(edges[node * Self.fanout + s])
            if next < 0 {
                next = wordAtom.count
                edges[node * Self.fanout + s] = Int32(next)
                edges.append(contentsOf: repeatElement(-1, count: Self.fanout))
                wordAtom.append(-1)
                stemAtom.append(-1)
            }
            node = next
        }
        if isStem { stemAtom[node] = atom } else { wordAtom[node] = atom }
    }

    /// Appends to `out` the atoms that `bytes[start..<end]` matches.
    @inline(__always)
    func match(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int, into out: inout [Int32]) {
        edges.withUnsafeBufferPointer { edges in
            var node = 0
            var i = start
            while i < end {
                let s = Int(Self.slot[Int(bytes[i])])
                if s < 0 { return }
                let next = Int(edges[node &* Self.fanout &+ s])
                if next < 0 { return }
                node = next
                let stem = stemAtom[node]
                if stem >= 0 { out.append(stem) }
                i &+= 1
            }
            let word = wordAtom[node]
            if word >= 0 { out.append(word) }
        }
    }
}
