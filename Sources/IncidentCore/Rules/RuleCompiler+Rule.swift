extension RuleCompiler {
    /// Compiles one rule file; nil when it has problems (which are recorded).
    mutating func compileRule(_ entries: [(key: String, value: YAMLCursor)], root: YAMLCursor) -> Rule? {
        let before = problems.count
        root.rejectUnknown(entries, known: Self.ruleKeys, &problems)
        let field = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { first, _ in first })
        let file = root

        func required(_ key: String) -> YAMLCursor? {
            if let value = field[key] { return value }
            problems.append(file.problem("missing required key `\(key)`", fix: "add `\(key): …` at the top level"))
            return nil
        }

        let id = required("id")?.string(&problems) ?? ""
        if let cursor = field["id"], !id.isEmpty, !id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }) || !id.unicodeScalars.allSatisfy(\.isASCII) {
            problems.append(cursor.problem("rule id '\(id)' may contain only a-z, 0-9 and '-'", fix: "rename it, e.g. `\(id.lowercased().filter { $0.isLetter || $0.isNumber || $0 == "-" })`"))
        }
        let title = required("title")?.string(&problems) ?? ""
        let description = field["description"]?.string(&problems) ?? ""
        let severity = required("severity").flatMap { parseSeverity($0) } ?? .info
        var messageID = ""
        if let cursor = required("message_id"), let value = cursor.string(&problems) {
            if value.count == 32, value.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
                messageID = value
            } else {
                problems.append(cursor.problem("message_id must be 32 lowercase hex digits", fix: "generate one with `systemd-id128 new`"))
            }
        }

        var concepts: [String: Int32] = [:]
        if let cursor = required("concepts") {
            for (name, terms) in cursor.entries(&problems) ?? [] {
                let id = newConcept()
                concepts[name] = id
                addTerms(terms, to: id)
            }
        }
        var cueSets: [String: CueSet] = [:]
        for (name, cursor) in field["cues"]?.entries(&problems) ?? [] {
            cueSets[name] = compileCueSet(name, cursor, concepts: concepts)
        }
        let patterns = (required("match")?.items(&problems) ?? []).compactMap { pattern($0, concepts) }
        var exclusions: [CueSet] = []
        for cursor in field["exclude"]?.items(&problems) ?? [] {
            guard let name = cursor.string(&problems) else { continue }
            if let set = cueSets[name] ?? sharedCueSet(name) {
                exclusions.append(set)
            } else {
                let known = (Array(cueSets.keys) + sharedCueNames).sorted()
                report(cursor.problem("unknown cue set `\(name)`", fix: "define it under `cues:` or in a shared cue file (known: \(known.joined(separator: ", ")))"))
            }
        }
        let extractions = field["extract"].map { parseExtractions($0, concepts) } ?? []
        let escalations = (field["escalate"]?.items(&problems) ?? []).compactMap { escalation($0, extractions) }
        let examples = (field["examples"]?.items(&problems) ?? []).compactMap { example($0) }

        guard problems.count == before else { return nil }
        var names: [Int32: String] = [:]
        for (name, id) in concepts { names[id] = name }
        return Rule(
            id: id, title: title, description: description, severity: severity, messageID: messageID,
            examples: examples, path: root.path, patterns: patterns, exclusions: exclusions,
            extractions: extractions, escalations: escalations, conceptNames: names,
            cueConcepts: Rule.cueConcepts(of: exclusions)
        )
    }

    private mutating func parseSeverity(_ cursor: YAMLCursor) -> Severity? {
        guard let text = cursor.string(&problems) else { return nil }
        if let severity = Severity(rawValue: text) { return severity }
        problems.append(cursor.problem("unknown severity '\(text)'", fix: "use one of \(Severity.allCases.map(\.rawValue).joined(separator: ", "))"))
        return nil
    }

    private mutating func pattern(_ cursor: YAMLCursor, _ concepts: [String: Int32]) -> Pattern? {
        guard let entries = cursor.entries(&problems) else { return nil }
        cursor.rejectUnknown(entries, known: ["event", "with", "within", "together", "following", "antecedent", "unless"], &problems)
        var pattern = Pattern(event: -1, with: [], within: 12, together: nil, unless: [])
        for (key, value) in entries {
            switch key {
            case "event": pattern.event = resolve(value, concepts) ?? -1
            case "with": pattern.with = (value.items(&problems) ?? []).compactMap { resolve($0, concepts) }
            case "unless": pattern.unless = (value.items(&problems) ?? []).compactMap { resolve($0, concepts) }
            case "within": pattern.within = value.int(&problems, range: 1...100) ?? pattern.within
            case "together": pattern.together = value.int(&problems, range: 0...100)
            case "following": pattern.following = value.bool(&problems) ?? false
            case "antecedent": pattern.antecedent = resolve(value, concepts)
            default: break
            }
        }
        if !entries.contains(where: { $0.key == "event" }) {
            problems.append(cursor.problem("a match pattern needs an `event` concept", fix: "add `event: <concept>`, e.g. `{event: damage, with: [mission], within: 12}`"))
        }
        return pattern.event >= 0 ? pattern : nil
    }

    private mutating func parseExtractions(_ cursor: YAMLCursor, _ concepts: [String: Int32]) -> [Extraction] {
        var out: [Extraction] = []
        for (key, value) in cursor.entries(&problems) ?? [] {
            guard let field = CountField(rawValue: key) else {
                problems.append(value.problem("cannot extract `\(key)`", fix: "extractable fields: \(CountField.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            guard let entries = value.entries(&problems) else { continue }
            value.rejectUnknown(entries, known: ["counts", "totals"], &problems)
            var extraction = Extraction(field: field, counts: [], totals: [])
            for (k, v) in entries {
                let ids = (v.items(&problems) ?? []).compactMap { resolve($0, concepts) }
                if k == "counts" { extraction.counts = ids } else if k == "totals" { extraction.totals = ids }
            }
            noteCountConcepts(extraction.counts + extraction.totals)
            out.append(extraction)
        }
        return out
    }

    private mutating func escalation(_ cursor: YAMLCursor, _ extractions: [Extraction]) -> Escalation? {
        guard let entries = cursor.entries(&problems) else { return nil }
        cursor.rejectUnknown(entries, known: ["if", "severity"], &problems)
        let field = Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        guard let condition = field["if"], let text = condition.string(&problems) else {
            problems.append(cursor.problem("an escalation needs `if`", fix: "write e.g. `{if: \"killed >= 10\", severity: critical}`"))
            return nil
        }
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 3, let name = CountField(rawValue: parts[0]), let op = Escalation.Op(rawValue: parts[1]), let value = Int(parts[2]) else {
            problems.append(condition.problem("cannot read condition '\(text)'", fix: "write `FIELD OP NUMBER` with FIELD killed|injured and OP one of >= > == <= <, e.g. `killed >= 10`"))
            return nil
        }
        guard extractions.contains(where: { $0.field == name }) else {
            problems.append(condition.problem("the rule does not extract `\(name.rawValue)`", fix: "add `\(name.rawValue)` under `extract:` or drop this escalation"))
            return nil
        }
        guard let severityCursor = field["severity"], let severity = parseSeverity(severityCursor) else {
            if field["severity"] == nil { problems.append(cursor.problem("an escalation needs `severity`", fix: "add `severity: critical`")) }
            return nil
        }
        return Escalation(field: name, op: op, value: value, severity: severity)
    }

    private mutating func example(_ cursor: YAMLCursor) -> RuleExample? {
        guard let entries = cursor.entries(&problems) else { return nil }
        cursor.rejectUnknown(entries, known: ["text", "fires", "killed", "injured"], &problems)
        var example = RuleExample(text: "", fires: false, killed: nil, injured: nil, location: cursor.location)
        var hasText = false, hasFires = false
        for (key, value) in entries {
            switch key {
            case "text":
                example.text = value.string(&problems) ?? ""
                hasText = true
            case "fires":
                example.fires = value.bool(&problems) ?? false
                hasFires = true
            case "killed": example.killed = value.int(&problems, range: 0...10_000_000)
            case "injured": example.injured = value.int(&problems, range: 0...10_000_000)
            default: break
            }
        }
        if !hasText || !hasFires {
            problems.append(cursor.problem("an example needs `text` and `fires`", fix: "write e.g. `{text: \"…\", fires: true}`"))
            return nil
        }
        return example
    }
}
