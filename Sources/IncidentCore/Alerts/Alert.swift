/// One alert: a rule that fired on one document, with its evidence and extracted fields.
///
/// The engine fills in everything it can know from the bytes alone; the daemon adds
/// where the file ended up (`file`) and when it was seen (`time`).
public struct Alert: Sendable, Hashable {
    /// Stable identity: derived from the content hash and the rule id, so a re-delivery
    /// after a crash carries the same id.
    public var alertID: String
    public var rule: String
    public var severity: Severity
    public var title: String
    /// The rule's fixed 128-bit journal `MESSAGE_ID`, as 32 lowercase hex digits.
    public var messageID: String
    /// The document's name (its file name, without directories).
    public var name: String
    /// Path of the file as the reader should find it; empty until the daemon sets it.
    public var file: String
    /// Lowercase hex SHA-256 of the document's bytes.
    public var sha256: String
    /// RFC 3339 UTC time the alert was raised; empty until the daemon sets it.
    public var time: String
    public var evidence: [Evidence]
    public var fields: AlertFields

    public init(
        rule: String, severity: Severity, title: String, messageID: String,
        name: String, sha256: String, evidence: [Evidence], fields: AlertFields,
        file: String = "", time: String = ""
    ) {
        self.init(
            alertID: Alert.id(sha256: sha256, rule: rule), rule: rule, severity: severity, title: title,
            messageID: messageID, name: name, sha256: sha256, evidence: evidence, fields: fields, file: file, time: time
        )
    }

    /// An alert whose id is already known (the engine hashes a document's prefix once).
    init(
        alertID: String, rule: String, severity: Severity, title: String, messageID: String,
        name: String, sha256: String, evidence: [Evidence], fields: AlertFields,
        file: String = "", time: String = ""
    ) {
        self.alertID = alertID
        self.rule = rule
        self.severity = severity
        self.title = title
        self.messageID = messageID
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.time = time
        self.evidence = evidence
        self.fields = fields
    }

    /// The alert id for a document hash and a rule: the first 128 bits of
    /// SHA-256("<sha256>\n<rule>") in hex.
    public static func id(sha256: String, rule: String) -> String {
        id(prefix: idPrefix(sha256: sha256), rule: rule)
    }

    /// A hasher fed `"<sha256>\n"`, to derive the ids of several rules' alerts on one
    /// document without hashing the document's hash again for each.
    static func idPrefix(sha256: String) -> SHA256 {
        var hasher = SHA256()
        hasher.update(sha256.utf8)
        hasher.update(CollectionOfOne(UInt8(ascii: "\n")))
        return hasher
    }

    /// The alert id for `rule`, given ``idPrefix(sha256:)`` of the document's hash.
    static func id(prefix: SHA256, rule: String) -> String {
        var hasher = prefix
        hasher.update(rule.utf8)
        return hasher.finalizeHex(limit: 16)
    }
}

/// The values an alert carries besides its evidence.
public struct AlertFields: Sendable, Hashable {
    /// Whether the rule extracts casualty counts; when true `killed` and `injured` are
    /// always present in JSON (null when the text states no figure).
    public var countsCasualties: Bool
    /// Largest single figure of people killed that the text states.
    public var killed: Int?
    /// Largest single figure of people injured that the text states.
    public var injured: Int?
    public var source: String?
    public var published: String?
    public var location: String?

    public init(
        countsCasualties: Bool = false, killed: Int? = nil, injured: Int? = nil,
        source: String? = nil, published: String? = nil, location: String? = nil
    ) {
        self.countsCasualties = countsCasualties
        self.killed = killed
        self.injured = injured
        self.source = source
        self.published = published
        self.location = location
    }
}
