extension Alert {
    /// The alert as one line of JSON (no trailing newline), keys in the documented order.
    public var jsonLine: String {
        var out = JSONWriter()
        out.object {
            $0.field("alert_id", alertID)
            $0.field("rule", rule)
            $0.field("severity", severity.rawValue)
            $0.field("title", title)
            $0.field("file", file)
            $0.field("name", name)
            $0.field("sha256", sha256)
            $0.field("time", time)
            $0.array("evidence", evidence) { w, e in
                w.object {
                    $0.field("text", e.text)
                    $0.field("start", e.start)
                    $0.field("end", e.end)
                    $0.array("terms", e.terms) { w, t in w.value(t) }
                }
            }
            $0.key("fields")
            $0.object {
                if fields.countsCasualties {
                    $0.field("killed", fields.killed)
                    $0.field("injured", fields.injured)
                }
                if let v = fields.source { $0.field("source", v) }
                if let v = fields.published { $0.field("published", v) }
                if let v = fields.location { $0.field("location", v) }
            }
        }
        return out.result
    }

    /// One readable line: severity, rule, file name and the first evidence sentence,
    /// with every control character escaped so a hostile name cannot forge lines.
    public var textLine: String {
        var line = "\(severity.rawValue.uppercased()) \(rule) \(Escaping.printable(name))"
        if fields.countsCasualties {
            line += " killed=\(fields.killed.map(String.init) ?? "?") injured=\(fields.injured.map(String.init) ?? "?")"
        }
        if let first = evidence.first {
            line += ": \(Escaping.printable(first.text))"
        }
        return line
    }
}
