/// Markdown tables read byte by byte, as the count reader (a column's figures) and the
/// heading check (a header over a column of zeros) both need them: one reading of what a
/// row, its cells and a header's separator are.
enum MarkdownTable {
    /// The cells of a table row ("| a | b |" or "a | b": the byte ranges of "a" and "b"), or
    /// nil when the line has no "|".
    static func cells(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> [Range<Int>]? {
        let (lower, upper, leading) = body(of: line, in: text)
        var cells: [Range<Int>] = []
        var start = lower
        for j in lower..<upper where text[j] == UInt8(ascii: "|") {
            cells.append(start..<j)
            start = j + 1
        }
        guard leading || !cells.isEmpty else { return nil }
        if start < upper { cells.append(start..<upper) }
        return cells
    }

    /// Whether the bytes of `line` hold a digit.
    static func hasDigit(_ text: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Bool {
        line.contains { text[$0] &- UInt8(ascii: "0") < 10 }
    }

    /// Whether the cells are a header's separator ("|---|:--:|").
    static func isSeparator(_ text: UnsafeBufferPointer<UInt8>, _ cells: [Range<Int>]) -> Bool {
        !cells.isEmpty && cells.allSatisfy { cell in
            cell.contains { text[$0] == UInt8(ascii: "-") }
                && cell.allSatisfy { [UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: " ")].contains(text[$0]) }
        }
    }

    /// Cell `k` of a row, as ``cells(_:_:)`` would give it, without building the list (nil
    /// for a row of fewer cells or a line without "|"): the heading check looks at one
    /// column of many rows.
    static func cell(_ k: Int, of line: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        let (lower, upper, _) = body(of: line, in: text)
        var index = 0
        var start = lower
        for j in lower..<upper where text[j] == UInt8(ascii: "|") {
            if index == k { return start..<j }
            index += 1
            start = j + 1
        }
        return index == k && start < upper ? start..<upper : nil
    }

    /// Where a row's cells lie: the line without its outer spaces (and a "\r"), and after
    /// a leading border pipe, which is optional in markdown (as is the closing one).
    private static func body(of line: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> (lower: Int, upper: Int, leading: Bool) {
        var lower = line.lowerBound
        var upper = line.upperBound
        while lower < upper, text[lower] == UInt8(ascii: " ") || text[lower] == UInt8(ascii: "\t") { lower += 1 }
        while upper > lower, text[upper - 1] == UInt8(ascii: " ") || text[upper - 1] == UInt8(ascii: "\t")
            || text[upper - 1] == UInt8(ascii: "\r")
        {
            upper -= 1
        }
        let leading = lower < upper && text[lower] == UInt8(ascii: "|")
        return (leading ? lower + 1 : lower, upper, leading)
    }

    /// The line that holds byte `i` (without its "\n"), or nil when it reaches more than
    /// `limit` bytes before or after `i`: a bound, so a look per term stays short on a
    /// crafted line of thousands of cells.
    static func line(around i: Int, in text: UnsafeBufferPointer<UInt8>, limit: Int) -> Range<Int>? {
        var lower = i
        while lower > 0, text[lower - 1] != UInt8(ascii: "\n") {
            lower -= 1
            if i - lower > limit { return nil }
        }
        var upper = i
        while upper < text.count, text[upper] != UInt8(ascii: "\n") {
            upper += 1
            if upper - i > limit { return nil }
        }
        return lower..<upper
    }
}
