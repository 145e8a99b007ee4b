/// A node of a YAML document, with the line and column where it starts.
///
/// incidentd reads its configuration and rules with this small reader instead of a YAML
/// library: it covers the part of YAML 1.2 that such files use (block and flow mappings
/// and sequences, plain, quoted and block scalars, comments) and refuses the rest
/// (anchors, aliases, tags, complex keys, several documents) by position, so that the
/// daemon needs neither Foundation nor libyaml.
package struct YAMLNode: Sendable {
    package enum Value: Sendable {
        /// A scalar's text (escapes resolved, lines folded); `quoted` when written in quotes.
        case scalar(String, quoted: Bool)
        case sequence([YAMLNode])
        case mapping([YAMLEntry])
    }

    package var value: Value
    /// 1-based line of the node's first character.
    package var line: Int
    /// 1-based column (in bytes) of the node's first character.
    package var column: Int

    /// The scalar's text; nil for a sequence or a mapping.
    package var scalar: String? {
        if case .scalar(let text, _) = value { return text }
        return nil
    }

    package var sequence: [YAMLNode]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    package var mapping: [YAMLEntry]? {
        if case .mapping(let entries) = value { return entries }
        return nil
    }
}

/// One `key: value` pair of a mapping; keys are always scalars.
package struct YAMLEntry: Sendable {
    package var key: YAMLNode
    package var value: YAMLNode

    /// The key's text.
    package var name: String { key.scalar ?? "" }
}

/// A YAML syntax error at a position.
package struct YAMLError: Error, Equatable, CustomStringConvertible {
    package var line: Int
    package var column: Int
    package var message: String

    package var description: String { "\(line):\(column): \(message)" }
}

package enum YAML {
    /// Parses one YAML document; nil when it holds only comments and blank lines.
    ///
    /// - Throws: ``YAMLError`` at the first syntax error.
    package static func parse(_ text: String) throws(YAMLError) -> YAMLNode? {
        var parser = YAMLParser(Array(text.utf8))
        return try parser.document()
    }
}

/// A recursive-descent reader over the document's UTF-8 bytes.
private struct YAMLParser {
    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    private var line = 1
    private var lineStart = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            index = 3
            lineStart = 3
        }
    }

    // MARK: Documents

    mutating func document() throws(YAMLError) -> YAMLNode? {
        try skipBlankLines()
        if atDocumentMarker("---") {
            index += 3
            try skipInlineSpaceAndComment()
            if !atLineEnd {
                throw error("content after `---` on the same line is not supported", at: column)
            }
            try skipBlankLines()
        }
        if peek == UInt8(ascii: "%") { throw error("YAML directives are not supported; delete this line") }
        guard !atEnd, !atDocumentMarker("...") else { return nil }
        if column != 1 { throw error("the document's top level must start in column 1") }
        let root = try blockNode(indent: 0)
        try skipBlankLines()
        if atDocumentMarker("...") {
            index += 3
            try skipBlankLines()
        }
        if atDocumentMarker("---") { throw error("only one YAML document per file is supported") }
        if !atEnd { throw error("unexpected content; check the indentation of this line") }
        return root
    }

    // MARK: Block context

    /// The node that starts at the current position, whose column is `indent + 1`.
    private mutating func blockNode(indent: Int) throws(YAMLError) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        try refuseUnsupported()
        if isSequenceDash { return try blockSequence(indent: indent) }
        return try scalarOrFlow(parentIndent: indent - 1, mappingIndent: indent)
    }

    private mutating func blockSequence(indent: Int) throws(YAMLError) -> YAMLNode {
        let startLine = line, startColumn = column
        var items: [YAMLNode] = []
        while true {
            index += 1  // the dash
            try skipInlineSpaceAndComment()
            if atLineEnd {
                items.append(try nestedValue(parentIndent: indent, allowSequenceAtParent: false))
            } else {
                items.append(try blockNode(indent: column - 1))
            }
            try skipBlankLines()
            guard !atEnd, !atDocumentMarker("---"), !atDocumentMarker("..."), column - 1 == indent, isSequenceDash else { break }
        }
        try checkDedent(to: indent)
        return YAMLNode(value: .sequence(items), line: startLine, column: startColumn)
    }

    private mutating func blockMapping(indent: Int, firstKey: YAMLNode) throws(YAMLError) -> YAMLNode {
        var entries: [YAMLEntry] = []
        var key = firstKey
        while true {
            if key.sequence != nil || key.mapping != nil {
                throw YAMLError(line: key.line, column: key.column, message: "a key must be a plain or quoted word")
            }
            if let earlier = entries.first(where: { $0.name == key.scalar }) {
                throw YAMLError(line: key.line, column: key.column, message: "duplicate key `\(key.scalar ?? "")` (first at line \(earlier.key.line)); remove one of them")
            }
            index += 1  // the colon
            try skipInlineSpaceAndComment()
            let value: YAMLNode
            if atLineEnd {
                value = try nestedValue(parentIndent: indent, allowSequenceAtParent: true)
            } else {
                value = try inlineValue(parentIndent: indent)
            }
            entries.append(YAMLEntry(key: key, value: value))
            try skipBlankLines()
            guard !atEnd, !atDocumentMarker("---"), !atDocumentMarker("..."), column - 1 == indent else { break }
            if isSequenceDash { throw error("a list item here needs to be indented under a key") }
            try refuseUnsupported()
            key = try inlineScalar()
            guard colonAfterSpaces() else { throw error("expected `:` after the key `\(key.scalar ?? "")`", at: column) }
        }
        try checkDedent(to: indent)
        return YAMLNode(value: .mapping(entries), line: firstKey.line, column: firstKey.column)
    }

    /// A value on the same line as its key.
    private mutating func inlineValue(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        try refuseUnsupported()
        if isSequenceDash { throw error("a list cannot start on the same line as its key; start it on the next line") }
        return try scalarOrFlow(parentIndent: parentIndent, mappingIndent: nil)
    }

    /// A flow collection, a block scalar or a plain or quoted scalar (continued on
    /// more-indented lines). A `key:` here starts a block mapping at `mappingIndent`, or
    /// is an error when nil (on the same line as another key).
    private mutating func scalarOrFlow(parentIndent: Int, mappingIndent: Int?) throws(YAMLError) -> YAMLNode {
        let startLine = line, startColumn = column
        switch peek {
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            let node = try flowNode()
            try endOfLine(after: "the closing bracket")
            return node
        case UInt8(ascii: "|"), UInt8(ascii: ">"):
            return try blockScalar(parentIndent: parentIndent)
        default:
            let scalar = try inlineScalar()
            if colonAfterSpaces() {
                guard let mappingIndent else {
                    throw error("a mapping cannot start on the same line as its key; start it on the next line, indented")
                }
                return try blockMapping(indent: mappingIndent, firstKey: scalar)
            }
            let node = try continuePlainScalar(scalar, parentIndent: parentIndent)
            try endOfLine(after: "the value")
            return YAMLNode(value: node.value, line: startLine, column: startColumn)
        }
    }

    /// The value of a key or list item whose line ends after the `:` or `-`: an indented
    /// node on the next lines, or an empty scalar.
    private mutating func nestedValue(parentIndent: Int, allowSequenceAtParent: Bool) throws(YAMLError) -> YAMLNode {
        let emptyLine = line, emptyColumn = column
        try skipBlankLines()
        if !atEnd {
            let indent = column - 1
            if indent > parentIndent { return try blockNode(indent: indent) }
            if indent == parentIndent, allowSequenceAtParent, isSequenceDash { return try blockSequence(indent: indent) }
        }
        return YAMLNode(value: .scalar("", quoted: false), line: emptyLine, column: emptyColumn)
    }

    /// After a block collection ends, the next line must return to an enclosing level.
    private mutating func checkDedent(to indent: Int) throws(YAMLError) {
        if !atEnd, column - 1 > indent { throw error("unexpected indentation; align this line with the keys or items above it") }
    }

    // MARK: Scalars

    /// A quoted scalar, or a plain one up to the end of the line, a ` #` comment or a `: `.
    private mutating func inlineScalar() throws(YAMLError) -> YAMLNode {
        let startLine = line, startColumn = column
        switch peek {
        case UInt8(ascii: "\""): return YAMLNode(value: .scalar(try doubleQuoted(), quoted: true), line: startLine, column: startColumn)
        case UInt8(ascii: "'"): return YAMLNode(value: .scalar(try singleQuoted(), quoted: true), line: startLine, column: startColumn)
        default: break
        }
        let start = index
        var end = index
        while let byte = peek, byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "\r") {
            if byte == UInt8(ascii: ":"), followedBySpace(index + 1) { break }
            if byte == UInt8(ascii: "#"), index > start, isSpace(bytes[index - 1]) { break }
            index += 1
            if !isSpace(byte) { end = index }
        }
        index = end
        return YAMLNode(value: .scalar(text(start, end), quoted: false), line: startLine, column: startColumn)
    }

    /// A plain scalar may continue on more-indented lines; they fold into one line.
    private mutating func continuePlainScalar(_ node: YAMLNode, parentIndent: Int) throws(YAMLError) -> YAMLNode {
        guard case .scalar(var text, quoted: false) = node.value else { return node }
        while true {
            let saved = (index, line, lineStart)
            while let byte = peek, isSpace(byte) { index += 1 }
            guard atLineEnd, !atEnd else {
                (index, line, lineStart) = saved
                break
            }
            try skipBlankLines()
            guard !atEnd, column - 1 > parentIndent, peek != UInt8(ascii: "#") else {
                (index, line, lineStart) = saved
                break
            }
            let part = try inlineScalar()
            if colonAfterSpaces() {
                throw YAMLError(line: part.line, column: part.column, message: "`\(part.scalar ?? ""):` is indented under a key that already has a value; align it with the keys above (or quote the value if the `: ` is text)")
            }
            text += " " + (part.scalar ?? "")
        }
        return YAMLNode(value: .scalar(text, quoted: false), line: node.line, column: node.column)
    }

    private mutating func singleQuoted() throws(YAMLError) -> String {
        let openLine = line, openColumn = column
        index += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek else {
                throw YAMLError(line: openLine, column: openColumn, message: "this quoted value is never closed; add the closing `'`")
            }
            if byte == UInt8(ascii: "'") {
                if peek(1) == UInt8(ascii: "'") {
                    out.append(byte)
                    index += 2
                    continue
                }
                index += 1
                return String(decoding: out, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                foldQuotedLineBreak(into: &out)
                continue
            }
            out.append(byte)
            index += 1
        }
    }

    private mutating func doubleQuoted() throws(YAMLError) -> String {
        let openLine = line, openColumn = column
        index += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek else {
                throw YAMLError(line: openLine, column: openColumn, message: "this quoted value is never closed; add the closing `\"`")
            }
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                foldQuotedLineBreak(into: &out)
            case UInt8(ascii: "\\"):
                try escape(into: &out)
            default:
                out.append(byte)
                index += 1
            }
        }
    }

    private mutating func escape(into out: inout [UInt8]) throws(YAMLError) {
        let at = column
        index += 1
        guard let code = peek else { throw error("a `\\` at the end of the file; remove it or finish the escape", at: at) }
        index += 1
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "t"): 0x09, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "0"): 0x00,
            UInt8(ascii: "a"): 0x07, UInt8(ascii: "b"): 0x08, UInt8(ascii: "e"): 0x1B, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "v"): 0x0B, UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F,
            UInt8(ascii: " "): 0x20, UInt8(ascii: "\t"): 0x09,
        ]
        if let value = simple[code] {
            out.append(value)
            return
        }
        let digits: Int
        switch code {
        case UInt8(ascii: "x"): digits = 2
        case UInt8(ascii: "u"): digits = 4
        case UInt8(ascii: "U"): digits = 8
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            // An escaped line break joins the lines without a space.
            index -= 1
            if peek == UInt8(ascii: "\r") { index += 1 }
            if peek == UInt8(ascii: "\n") { index += 1 }
            newLine()
            while let byte = peek, isSpace(byte) { index += 1 }
            return
        default:
            throw error("unknown escape `\\\(Character(Unicode.Scalar(code)))`; write `\\\\` for a backslash", at: at)
        }
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let byte = peek, let digit = hexValue(byte) else {
                throw error("`\\\(Character(Unicode.Scalar(code)))` needs \(digits) hex digits", at: at)
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        guard let scalar = Unicode.Scalar(value) else { throw error("`\\\(Character(Unicode.Scalar(code)))` is not a valid character", at: at) }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// Inside quotes a line break becomes a space; an empty line becomes a newline.
    private mutating func foldQuotedLineBreak(into out: inout [UInt8]) {
        while let last = out.last, isSpace(last) { out.removeLast() }
        var breaks = 0
        while let byte = peek, byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || isSpace(byte) {
            if byte == UInt8(ascii: "\n") {
                breaks += 1
                index += 1
                newLine()
            } else {
                index += 1
            }
        }
        if breaks <= 1 { out.append(UInt8(ascii: " ")) } else { out.append(contentsOf: repeatElement(UInt8(ascii: "\n"), count: breaks - 1)) }
    }

    /// `|` (literal) or `>` (folded), with optional chomping (`-`, `+`) and indentation digit.
    private mutating func blockScalar(parentIndent: Int) throws(YAMLError) -> YAMLNode {
        let startLine = line, startColumn = column
        let folded = peek == UInt8(ascii: ">")
        index += 1
        var chomp: UInt8 = 0
        var explicitIndent: Int?
        for _ in 0..<2 {
            guard let byte = peek else { break }
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+"), chomp == 0 {
                chomp = byte
                index += 1
            } else if byte >= UInt8(ascii: "1"), byte <= UInt8(ascii: "9"), explicitIndent == nil {
                explicitIndent = Int(byte - UInt8(ascii: "0"))
                index += 1
            }
        }
        try skipInlineSpaceAndComment()
        guard atLineEnd else { throw error("a block scalar's text starts on the next line; move it there", at: column) }
        skipLineBreak()
        // Collect the lines that belong to the scalar.
        var contentIndent = explicitIndent.map { max(parentIndent, 0) + $0 }
        var lines: [(indent: Int, text: String)] = []
        while !atEnd {
            let lineBegin = index
            var spaces = 0
            while peek == UInt8(ascii: " ") {
                spaces += 1
                index += 1
            }
            let blank = atLineEnd
            if !blank {
                if contentIndent == nil {
                    guard spaces > parentIndent else { index = lineBegin; break }
                    contentIndent = spaces
                }
                guard let indent = contentIndent, spaces >= indent else { index = lineBegin; break }
            }
            let textStart = lineBegin + min(spaces, contentIndent ?? spaces)
            while !atLineEnd { index += 1 }
            var textEnd = index
            if textEnd > textStart, bytes[textEnd - 1] == UInt8(ascii: "\r") { textEnd -= 1 }
            lines.append((blank ? 0 : spaces, blank ? "" : text(textStart, textEnd)))
            if atEnd { break }
            skipLineBreak()
        }
        // The line that ended the scalar must not be indented with a tab either.
        var probe = index
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") { probe += 1 }
        if probe < bytes.count, bytes[probe] == UInt8(ascii: "\t") {
            var rest = probe
            while rest < bytes.count, isSpace(bytes[rest]) { rest += 1 }
            if rest < bytes.count, bytes[rest] != UInt8(ascii: "\n"), bytes[rest] != UInt8(ascii: "\r"), bytes[rest] != UInt8(ascii: "#") {
                throw YAMLError(line: line, column: probe - lineStart + 1, message: "a tab indents this line; YAML indents with spaces only")
            }
        }
        // Trailing blank lines matter only for `+`.
        var trailing = 0
        while let last = lines.last, last.text.isEmpty {
            trailing += 1
            lines.removeLast()
        }
        var result = ""
        if folded {
            // Lines of the same indentation fold into one; blank lines and more-indented
            // lines keep their line breaks.
            var previousWasNormal: Bool?
            var pendingBreaks = 0
            for entry in lines {
                if entry.text.isEmpty {
                    pendingBreaks += 1
                    continue
                }
                let normal = entry.indent <= (contentIndent ?? 0)
                switch previousWasNormal {
                case nil: result += String(repeating: "\n", count: pendingBreaks)
                case true? where normal: result += pendingBreaks == 0 ? " " : String(repeating: "\n", count: pendingBreaks)
                default: result += String(repeating: "\n", count: pendingBreaks + 1)
                }
                result += entry.text
                previousWasNormal = normal
                pendingBreaks = 0
            }
        } else {
            result = lines.map(\.text).joined(separator: "\n")
        }
        if !lines.isEmpty {
            switch chomp {
            case UInt8(ascii: "-"): break
            case UInt8(ascii: "+"): result += String(repeating: "\n", count: trailing + 1)
            default: result += "\n"
            }
        }
        return YAMLNode(value: .scalar(result, quoted: true), line: startLine, column: startColumn)
    }

    // MARK: Flow context

    private mutating func flowNode() throws(YAMLError) -> YAMLNode {
        try enter()
        defer { depth -= 1 }
        let startLine = line, startColumn = column
        let isMapping = peek == UInt8(ascii: "{")
        let close = isMapping ? UInt8(ascii: "}") : UInt8(ascii: "]")
        index += 1
        var items: [YAMLNode] = []
        var entries: [YAMLEntry] = []
        while true {
            try skipFlowSpace()
            guard let byte = peek else {
                throw YAMLError(line: startLine, column: startColumn, message: "this `\(isMapping ? "{" : "[")` is never closed; add `\(Character(Unicode.Scalar(close)))`")
            }
            if byte == close {
                index += 1
                break
            }
            if byte == UInt8(ascii: ",") { throw error("an empty item before `,`; remove the extra comma") }
            if isMapping {
                try refuseUnsupported()
                let key = try flowScalar(inMapping: true)
                try skipFlowSpace()
                let value: YAMLNode
                if peek == UInt8(ascii: ":") {
                    index += 1
                    try skipFlowSpace()
                    if peek == UInt8(ascii: ",") || peek == close {
                        value = YAMLNode(value: .scalar("", quoted: false), line: line, column: column)
                    } else {
                        value = try flowItem(inMapping: true)
                    }
                } else {
                    value = YAMLNode(value: .scalar("", quoted: false), line: key.line, column: key.column)
                }
                if let earlier = entries.first(where: { $0.name == key.scalar }) {
                    throw YAMLError(line: key.line, column: key.column, message: "duplicate key `\(key.scalar ?? "")` (first at line \(earlier.key.line)); remove one of them")
                }
                entries.append(YAMLEntry(key: key, value: value))
            } else {
                items.append(try flowItem(inMapping: false))
                try skipFlowSpace()
                if peek == UInt8(ascii: ":") { throw error("`key: value` pairs inside `[...]` are not supported; use `{key: value}`") }
            }
            try skipFlowSpace()
            if peek == UInt8(ascii: ",") {
                index += 1
            } else if peek != close {
                if atEnd { continue }
                throw error("expected `,` or `\(Character(Unicode.Scalar(close)))` here")
            }
        }
        return YAMLNode(value: isMapping ? .mapping(entries) : .sequence(items), line: startLine, column: startColumn)
    }

    private mutating func flowItem(inMapping: Bool) throws(YAMLError) -> YAMLNode {
        try refuseUnsupported()
        if peek == UInt8(ascii: "[") || peek == UInt8(ascii: "{") { return try flowNode() }
        return try flowScalar(inMapping: inMapping)
    }

    /// A quoted scalar or a plain one ending at `,`, a closing bracket, `: ` or a comment.
    private mutating func flowScalar(inMapping: Bool) throws(YAMLError) -> YAMLNode {
        let startLine = line, startColumn = column
        if peek == UInt8(ascii: "\"") || peek == UInt8(ascii: "'") { return try inlineScalar() }
        var words: [String] = []
        var start = index
        var end = index
        func flush(_ parser: YAMLParser) {
            if end > start { words.append(parser.text(start, end)) }
        }
        while let byte = peek {
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { break }
            if byte == UInt8(ascii: ":"), followedBySpace(index + 1) || [UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(peek(1) ?? 0) { break }
            if byte == UInt8(ascii: "#"), index > 0, isSpace(bytes[index - 1]) || bytes[index - 1] == UInt8(ascii: "\n") {
                flush(self)
                while !atLineEnd { index += 1 }
                start = index
                end = index
                continue
            }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                flush(self)
                skipLineBreak()
                start = index
                end = index
                continue
            }
            index += 1
            if isSpace(byte) {
                if end == start { start = index; end = index }
            } else {
                end = index
            }
        }
        flush(self)
        index = max(end, index)
        let value = words.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }.joined(separator: " ")
        if value.isEmpty { throw YAMLError(line: startLine, column: startColumn, message: "expected a value here") }
        return YAMLNode(value: .scalar(value, quoted: false), line: startLine, column: startColumn)
    }

    /// Spaces, line breaks and comments between flow items.
    private mutating func skipFlowSpace() throws(YAMLError) {
        while let byte = peek {
            if isSpace(byte) {
                index += 1
            } else if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                skipLineBreak()
            } else if byte == UInt8(ascii: "#") {
                while !atLineEnd { index += 1 }
            } else {
                return
            }
        }
    }

    /// Nesting is bounded, so hostile input cannot exhaust the stack.
    private mutating func enter() throws(YAMLError) {
        depth += 1
        if depth > YAMLParser.maximumDepth {
            throw error("collections nested more than \(YAMLParser.maximumDepth) deep; flatten the structure")
        }
    }

    private static let maximumDepth = 64

    // MARK: Lines and positions

    private var atEnd: Bool { index >= bytes.count }
    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    private func peek(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
    private var column: Int { index - lineStart + 1 }

    private var atLineEnd: Bool {
        guard let byte = peek else { return true }
        return byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && (peek(1) == UInt8(ascii: "\n") || peek(1) == nil))
    }

    /// Whether `key : value` continues here: spaces, then a mapping colon, which the
    /// position then stands on. The position is unchanged when not.
    private mutating func colonAfterSpaces() -> Bool {
        var probe = index
        while probe < bytes.count, bytes[probe] == UInt8(ascii: " ") { probe += 1 }
        guard probe < bytes.count, bytes[probe] == UInt8(ascii: ":"), followedBySpace(probe + 1) else { return false }
        index = probe
        return true
    }

    private var isSequenceDash: Bool { peek == UInt8(ascii: "-") && followedBySpace(index + 1) }
    private var isMappingColon: Bool { peek == UInt8(ascii: ":") && followedBySpace(index + 1) }

    /// Whether the byte at `position` is a space, a tab, a line break or the end.
    private func followedBySpace(_ position: Int) -> Bool {
        guard position < bytes.count else { return true }
        let byte = bytes[position]
        return isSpace(byte) || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private func atDocumentMarker(_ marker: String) -> Bool {
        guard column == 1 else { return false }
        let utf8 = Array(marker.utf8)
        guard bytes[index...].starts(with: utf8) else { return false }
        return followedBySpace(index + utf8.count)
    }

    private mutating func newLine() {
        line += 1
        lineStart = index
    }

    private mutating func skipLineBreak() {
        if peek == UInt8(ascii: "\r") { index += 1 }
        if peek == UInt8(ascii: "\n") { index += 1 }
        newLine()
    }

    /// Spaces and an optional comment up to the end of the line (not past it).
    private mutating func skipInlineSpaceAndComment() throws(YAMLError) {
        while let byte = peek, isSpace(byte) { index += 1 }
        if peek == UInt8(ascii: "#") {
            while !atLineEnd { index += 1 }
        }
    }

    /// Blank and comment-only lines, leaving the position at the next line's first
    /// non-space byte. Tabs may not indent.
    private mutating func skipBlankLines() throws(YAMLError) {
        while true {
            try skipInlineSpaceAndComment()
            guard !atEnd else { return }
            if atLineEnd {
                skipLineBreak()
                while peek == UInt8(ascii: " ") { index += 1 }
                if peek == UInt8(ascii: "\t") {
                    var probe = index
                    while probe < bytes.count, isSpace(bytes[probe]) { probe += 1 }
                    let blank = probe >= bytes.count || bytes[probe] == UInt8(ascii: "\n") || bytes[probe] == UInt8(ascii: "\r") || bytes[probe] == UInt8(ascii: "#")
                    if !blank { throw error("a tab indents this line; YAML indents with spaces only") }
                }
                continue
            }
            return
        }
    }

    /// After a value: only spaces and a comment may follow on the line.
    private mutating func endOfLine(after what: String) throws(YAMLError) {
        try skipInlineSpaceAndComment()
        if !atLineEnd { throw error("unexpected text after \(what); quote the whole value or remove the extra text") }
    }

    private mutating func refuseUnsupported() throws(YAMLError) {
        switch peek {
        case UInt8(ascii: "&"): throw error("anchors (`&name`) are not supported; write the value out")
        case UInt8(ascii: "*"): throw error("aliases (`*name`) are not supported; write the value out, or quote it if it is text")
        case UInt8(ascii: "!"): throw error("tags (`!tag`) are not supported; remove the tag, or quote the value")
        case UInt8(ascii: "?"):
            if followedBySpace(index + 1) { throw error("complex keys (`? key`) are not supported; write `key: value`") }
        case UInt8(ascii: "@"), UInt8(ascii: "`"): throw error("a value cannot start with `\(Character(Unicode.Scalar(peek!)))`; quote it")
        default: break
        }
    }

    private func error(_ message: String, at column: Int? = nil) -> YAMLError {
        YAMLError(line: line, column: column ?? self.column, message: message)
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }

    private func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
