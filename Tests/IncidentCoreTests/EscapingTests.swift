@testable import IncidentCore
import Testing

@Suite("Escaping for one-line output")
struct EscapingTests {
    @Test("controls, separators, bidi overrides, backslashes and raw name bytes are escaped", arguments: [
        ("a\nb\tc\r", "a\\nb\\tc\\r"),
        ("bell\u{7}del\u{7F}", "bell\\x07del\\x7f"),
        ("c1\u{85}", "c1\\u{0085}"),
        ("line\u{2028}para\u{2029}", "line\\u{2028}para\\u{2029}"),
        ("rlo\u{202E}fdp.exe", "rlo\\u{202e}fdp.exe"),
        ("iso\u{2066}x\u{2069}", "iso\\u{2066}x\\u{2069}"),
        ("back\\slash", "back\\\\slash"),
        ("esc\u{1B}[31m", "esc\\x1b[31m"),
    ])
    func escapes(text: String, expected: String) {
        #expect(Escaping.printable(text) == expected)
    }

    @Test("text that needs nothing comes back as it is, curly quotes, accents and emoji included")
    func unchanged() {
        for text in ["plain ASCII", "the embassy’s “gate”", "Zürich — São Paulo", "Київ", "🚨 alert", ""] {
            #expect(Escaping.printable(text) == text)
            #expect(!Escaping.needsEscaping(text, backslashes: true))
        }
    }

    @Test("the fast check agrees with the escaper on every scalar it could meet")
    func fastCheckAgrees() {
        var scalars: [Unicode.Scalar] = (0..<0x3000).compactMap(Unicode.Scalar.init)
        scalars += [0xFEFF, 0xFFFD, 0x1F6A8, 0x10FF00, 0x10FF80, 0x10FFFF].compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let text = "a" + String(Character(scalar)) + "z"
            let changed = Escaping.escape(text, backslashes: true) != text
            let flagged = Escaping.needsEscaping(text, backslashes: true)
            // Never misses a scalar that needs escaping; may only be cautious about the
            // plane-16 range that raw name bytes live in.
            if changed {
                #expect(flagged, "U+\(String(scalar.value, radix: 16))")
            } else if scalar.value < 0x100000 {
                #expect(!flagged, "U+\(String(scalar.value, radix: 16))")
            }
        }
    }
}
