/// One `NAME=value` pair of a journal entry.
///
/// Names are upper-case letters, digits and `_`, not starting with `_`, at most 64 bytes;
/// journald silently drops anything else, so ``Journal/fieldName(_:)`` makes names valid.
/// Values may hold any bytes, newlines included: `sd_journal_sendv` keeps them intact.
public struct JournalField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
