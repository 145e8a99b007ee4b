import IncidentCore

/// One fuzz input run through everything that reads untrusted bytes: the document parser
/// (text and JSON), the engine with the built-in rules (evaluate and explain), the alert
/// writers, the file-name mapping and the escaping.
///
/// The first byte picks the file name's extension, the rest is the file. Anything that is
/// wrong traps (`precondition`), which libFuzzer reports as a crash; a refused document is
/// not a failure.
public enum FuzzCase {
    static let engine = Engine(rules: .builtin)
    static let extensions = ["txt", "json", "md", "JSON", "text", "pdf"]

    /// Runs one input; traps on a bug.
    public static func run(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let bytes = Array(input.dropFirst())
        let name = "fuzz." + extensions[Int(selector) % extensions.count]

        // The name mapping is lossless for any bytes a directory entry can hold.
        let entry = bytes.prefix(255).filter { $0 != 0 && $0 != UInt8(ascii: "/") }
        let decoded = RawName.decode(entry)
        precondition(RawName.bytes(of: decoded) == Array(entry), "RawName round trip")
        precondition(RawName.byteCount(decoded) == entry.count, "RawName byte count")
        assertPrintable(Escaping.printable(decoded))

        let document: Document
        do {
            document = try Document.parse(bytes: bytes, name: name)
        } catch {
            assertPrintable(error.description)
            return
        }
        let alerts = engine.evaluate(document)
        let explanation = engine.explain(document)
        precondition(explanation.alerts.map(\.alertID) == alerts.map(\.alertID), "explain agrees with evaluate")
        let textCount = document.text.utf8.count
        for alert in alerts {
            assertPrintable(alert.textLine)
            assertPrintable(alert.jsonLine)
            for evidence in alert.evidence {
                precondition(0 <= evidence.start && evidence.start <= evidence.end && evidence.end <= textCount, "evidence range")
            }
            if let killed = alert.fields.killed { precondition(killed >= 0, "negative count") }
            if let injured = alert.fields.injured { precondition(injured >= 0, "negative count") }
        }
    }

    /// One line with no C0 control, DEL or C1 control left in it.
    static func assertPrintable(_ line: String) {
        for scalar in line.unicodeScalars {
            precondition(scalar.value >= 0x20 && scalar.value != 0x7F && !(0x80...0x9F).contains(scalar.value), "raw control character")
        }
    }
}
