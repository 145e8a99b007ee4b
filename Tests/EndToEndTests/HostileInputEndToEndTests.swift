import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Every hostile input of issue 4 dropped into one running daemon (real spool, real
/// journald), then a normal report: each lands in `failed/` with a reason (or is processed
/// or ignored where DESIGN.md says so), the normal report still alerts, the daemon stays
/// up, nothing outside the spool is read, and neither stdout nor the journal carries a raw
/// control character from a name or a text.
@Suite(.serialized) struct HostileInputEndToEndTests {
    /// An input that must end in `failed/` with `reason` in its `.error` file.
    struct Refused {
        var name: String
        var reason: String
    }

    /// A report with a hostile name that is processed normally and alerts; its name must
    /// show escaped (`shown`) in the journal.
    struct Renamed {
        var name: [UInt8]
        var shown: String
    }

    @Test(.needsRuleEngine, .timeLimit(.minutes(2)))
    func everyHostileInputIsRefusedOrHandledAndTheDaemonKeepsAlerting() throws {
        let journald = Journald.shared
        try #require(journald.acquire(), "no journald could be started")
        defer { journald.release() }
        let cursor = Journald.cursor()
        // INVOCATION_ID: the daemon logs to the journal as under systemd, so its own
        // "Report failed" entries (with the names) are checked too.
        let daemon = DaemonHarness(
            arguments: ["--journal", "on", "--output", "json"],
            environment: ["INVOCATION_ID": "6c0f3e1a9b2d4c5e8f7a6b5c4d3e2f10"])
        try #require(daemon.waitReady())
        let incoming = daemon.spool + "/incoming/"
        let staging = daemon.temp.appending("staging")
        mkdir(staging, 0o700)
        func stage(_ name: String) -> String { staging + "/" + name }
        func renameIn(_ name: String) { FileHelpers.move(stage(name), incoming + name) }

        // What a dropper could want to read: a root-only file, and a file of its own outside.
        let secretPath = FileHelpers.exists("/etc/shadow") ? "/etc/shadow" : "/etc/passwd"
        let secretLine = (FileHelpers.read(secretPath) ?? "").split(separator: "\n").first.map(String.init) ?? ""
        let outside = daemon.temp.appending("outside.txt")
        FileHelpers.write("A missile struck the embassy and damaged it. OUTSIDE-THE-SPOOL", to: outside)

        var refused: [Refused] = []
        func refuse(_ name: String, _ reason: String) { refused.append(Refused(name: name, reason: reason)) }

        // Links: renamed in, as `submit` would, and made in place (no close event).
        symlink(secretPath, stage("shadow-link.txt")); renameIn("shadow-link.txt"); refuse("shadow-link.txt", "symbolic link")
        symlink("/etc", stage("dir-link.txt")); renameIn("dir-link.txt"); refuse("dir-link.txt", "symbolic link")
        symlink(daemon.temp.appending("nowhere"), stage("dangling.txt")); renameIn("dangling.txt"); refuse("dangling.txt", "symbolic link")
        symlink(secretPath, incoming + "inplace-link.txt"); refuse("inplace-link.txt", "symbolic link")
        link(outside, stage("hard.txt")); renameIn("hard.txt"); refuse("hard.txt", "hard links")
        link(outside, incoming + "inplace-hard.txt"); refuse("inplace-hard.txt", "hard links")
        // Special files: must not block the daemon, never opened for reading.
        mkfifo(stage("pipe.txt"), 0o666); renameIn("pipe.txt"); refuse("pipe.txt", "not a regular file (FIFO)")
        mkfifo(incoming + "inplace-pipe.txt", 0o666); refuse("inplace-pipe.txt", "not a regular file (FIFO)")
        #expect(HostileFiles.bindSocket(stage("socket.txt")), "UNIX socket created")
        renameIn("socket.txt"); refuse("socket.txt", "not a regular file (socket)")
        if mknod(stage("device.txt"), S_IFCHR | 0o600, 0x103) == 0 {  // like /dev/null (1, 3)
            renameIn("device.txt"); refuse("device.txt", "not a regular file (character device)")
        } else {
            print("*** SKIPPING the device-node input: mknod needs root (errno \(errno))")
        }
        mkdir(stage("folder.txt"), 0o755); FileHelpers.write("x", to: stage("folder.txt/inner.txt"))
        renameIn("folder.txt"); refuse("folder.txt", "directory")
        // Contents.
        FileHelpers.write("", to: stage("empty.txt")); renameIn("empty.txt"); refuse("empty.txt", "empty file")
        #expect(HostileFiles.sparseFile(stage("huge.txt"), size: 100 << 20)); renameIn("huge.txt"); refuse("huge.txt", "too large: 104857600 bytes")
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0] + Array("embassy damaged".utf8)
        FileHelpers.write(elf, to: stage("program.txt")); renameIn("program.txt"); refuse("program.txt", "binary file")
        let utf16: [UInt8] = [0xFF, 0xFE] + Array("The embassy was damaged.".utf8).flatMap { [$0, 0] }
        FileHelpers.write(utf16, to: stage("utf16.txt")); renameIn("utf16.txt"); refuse("utf16.txt", "UTF-16")
        FileHelpers.write(Array("The embassy\0 was damaged.".utf8), to: stage("nul.txt")); renameIn("nul.txt"); refuse("nul.txt", "NUL byte at offset 11")
        FileHelpers.write([UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20), to: stage("long-line.txt"))
        renameIn("long-line.txt"); refuse("long-line.txt", "too large")
        let deep = "{\"x\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + ",\"title\":\"embassy damaged\"}"
        FileHelpers.write(deep, to: stage("deep.json")); renameIn("deep.json"); refuse("deep.json", "nested deeper than 64")
        let bigString = Array("{\"title\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "b"), count: 50 << 20) + Array("\"}".utf8)
        FileHelpers.write(bigString, to: stage("big-string.json")); renameIn("big-string.json"); refuse("big-string.json", "too large")
        FileHelpers.write(#"[{"title":"The embassy was damaged."}]"#, to: stage("array.json")); renameIn("array.json"); refuse("array.json", "an array")
        // A 255-byte name that fails: its failed/ name is shortened so NAME.error fits.
        let longFailing = String(repeating: "n", count: 251) + ".bin"
        FileHelpers.write("MZ", to: stage("long.bin")); FileHelpers.move(stage("long.bin"), incoming + longFailing)

        // Hostile names on good reports: processed, alerted, shown escaped.
        var renamed: [Renamed] = []
        let names: [([UInt8], String)] = [
            (Array("evil\nINJECTED: fake alert.txt".utf8), #"evil\nINJECTED: fake alert.txt"#),
            (Array("tab\there.txt".utf8), #"tab\there.txt"#),
            (Array("\u{1b}[31mred\u{1b}[0m\u{1b}]0;title\u{07}.txt".utf8), #"\x1b[31mred\x1b[0m\x1b]0;title\x07.txt"#),
            (Array("bad-".utf8) + [0xFF, 0xFE] + Array(".txt".utf8), #"bad-\xff\xfe.txt"#),
            (Array((String(repeating: "p", count: 251) + ".txt").utf8), String(repeating: "p", count: 251) + ".txt"),
            (Array("-rf.txt".utf8), "-rf.txt"),
            (Array("--help.txt".utf8), "--help.txt"),
        ]
        for (index, (raw, shown)) in names.enumerated() {
            let text = "A missile struck the embassy in Kyiv and damaged its roof. Case \(index)."
            #expect(HostileFiles.writeRaw(raw, in: incoming, text: Array(text.utf8)), "create \(shown)")
            renamed.append(Renamed(name: raw, shown: shown))
        }
        // Control characters inside the report's text reach the evidence: escaped on output.
        FileHelpers.write(Self.controlText, to: stage("control-text.txt")); renameIn("control-text.txt")
        // Invalid UTF-8 inside a text report is replaced (DESIGN.md), so it is processed.
        FileHelpers.write(Array("The embassy in Bogot".utf8) + [0xE1] + Array(" was damaged by a bomb.".utf8), to: stage("latin1.txt"))
        renameIn("latin1.txt")
        // Ignored per DESIGN.md: dot-files and writes in progress stay where they are.
        FileHelpers.write("The embassy was damaged.", to: stage(".hidden.txt")); renameIn(".hidden.txt")
        FileHelpers.write("The embassy was damaged.", to: stage("upload.part")); renameIn("upload.part")

        // Races (smoke; the deterministic versions are SpoolRaceTests): a file deleted, renamed
        // away, or replaced by a link to the secret right after its close event.
        for index in 0..<20 {
            FileHelpers.write("A report to delete \(index).", to: incoming + "gone-\(index).txt")
            unlink(incoming + "gone-\(index).txt")
            FileHelpers.write("A report to move away \(index).", to: incoming + "away-\(index).txt")
            rename(incoming + "away-\(index).txt", stage("away-\(index).txt"))
            FileHelpers.write("A report to swap \(index).", to: incoming + "swap-\(index).txt")
            symlink(secretPath, stage("swap-\(index).txt"))
            FileHelpers.move(stage("swap-\(index).txt"), incoming + "swap-\(index).txt")
        }

        // Finally a normal report.
        daemon.drop("seed.txt", copyOf: Binary.seed)

        let settled = daemon.wait(timeout: .seconds(30)) {
            let pending = daemon.list("incoming").filter { $0 != ".hidden.txt" && $0 != "upload.part" }
            return pending.isEmpty && daemon.list("processed").contains("seed.txt")
                && daemon.list("failed").filter { $0.hasSuffix(".error") }.count >= refused.count + 1
        }
        #expect(settled, "incoming: \(daemon.list("incoming")), failed: \(daemon.list("failed"))")

        // Each refused input is in failed/ with its reason.
        let failed = Set(daemon.list("failed"))
        for input in refused {
            #expect(failed.contains(input.name), "\(input.name) in failed/")
            let reason = FileHelpers.read(daemon.spool + "/failed/" + input.name + ".error") ?? ""
            #expect(reason.contains(input.reason), "\(input.name).error says '\(input.reason)': \(reason)")
        }
        let shortened = String(repeating: "n", count: 245) + ".bin"
        #expect(failed.contains(shortened) && failed.contains(shortened + ".error"), "the 255-byte name fails under a 249-byte one")
        #expect(FileHelpers.read(daemon.spool + "/failed/" + shortened + ".error")?.contains("unsupported file type") == true)
        #expect(FileHelpers.read(daemon.spool + "/failed/shadow-link.txt.error")?.contains(secretLine) == false)
        // The ignored names were left alone.
        #expect(Set(daemon.list("incoming")) == [".hidden.txt", "upload.part"])
        // Race survivors: each swapped name is in processed/ (read before the swap) or failed/.
        for index in 0..<20 {
            let name = "swap-\(index).txt"
            #expect(failed.contains(name) || daemon.list("processed").contains(name), "\(name) settled")
        }

        // The normal report and the oddly named ones alerted; latin1.txt too.
        let alerts = daemon.stdoutLines.compactMap(JSONLine.object)
        let alertedNames = Set(alerts.compactMap { $0["name"] as? String })
        #expect(alertedNames.contains("seed.txt"), "the normal report alerted")
        #expect(alertedNames.contains("latin1.txt"), "invalid UTF-8 text is replaced, not refused")
        #expect(alertedNames.contains("evil\nINJECTED: fake alert.txt"))
        #expect(alertedNames.contains("-rf.txt") && alertedNames.contains("--help.txt"))
        #expect(alertedNames.contains("control-text.txt"))
        #expect(alertedNames.contains(String(repeating: "p", count: 251) + ".txt"))

        // Nothing from outside the spool was read: no alert or entry quotes it, and the
        // daemon read far less than the 160 MB of oversize files it was given.
        let stdout = FileHelpers.readBytes(daemon.temp.appending("stdout")) ?? []
        let stdoutText = String(decoding: stdout, as: UTF8.self)
        #expect(!stdoutText.contains("OUTSIDE-THE-SPOOL"))
        #expect(secretLine.isEmpty || !stdoutText.contains(secretLine))
        let readBytes = HostileFiles.bytesRead(by: daemon.process.pid)
        #expect(readBytes.map { $0 < 8 << 20 } ?? true, "read() returned \(readBytes ?? -1) bytes in all")

        // stdout: one JSON object per line and no raw control byte anywhere.
        #expect(!stdout.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }, "raw control byte on stdout")

        // The journal: every entry of the daemon (alerts and its own log) free of raw
        // control characters in every field it writes; the names shown escaped.
        let entries = Journald.entries(after: cursor, pid: daemon.process.pid, timeout: .seconds(10)) { entries in
            entries.contains { $0["INCIDENT_NAME"] == "seed.txt" }
                && entries.filter { $0["MESSAGE"] == "Report failed" }.count >= refused.count
        }
        #expect(entries.contains { $0["INCIDENT_NAME"] == "seed.txt" }, "the normal report's alert is in the journal")
        for entry in entries {
            for (field, value) in entry where !field.hasPrefix("_") {
                let lines = field == "INCIDENT_EVIDENCE" ? value.split(separator: "\n").map(String.init) : [value]
                for line in lines {
                    #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) },
                        "raw control character in \(field): \(line.debugDescription)")
                }
            }
            #expect(!(entry["INCIDENT_EVIDENCE"] ?? "").contains("OUTSIDE-THE-SPOOL"))
            #expect(secretLine.isEmpty || !(entry.values.contains { $0.contains(secretLine) }))
        }
        let journalNames = Set(entries.compactMap { $0["INCIDENT_NAME"] })
        for report in renamed {
            #expect(journalNames.contains(report.shown), "journal shows \(report.shown)")
        }
        let controlEvidence = entries.first { $0["INCIDENT_NAME"] == "control-text.txt" }?["INCIDENT_EVIDENCE"] ?? ""
        #expect(controlEvidence.contains(#"embassy\x1b[31m in Kyiv and damaged\x07 its\x7f roof"#), "\(controlEvidence)")
        let failedEntries = entries.filter { $0["MESSAGE"] == "Report failed" }
        #expect(failedEntries.contains { $0["INCIDENT_FILE"]?.hasSuffix("/failed/shadow-link.txt") == true && $0["ERROR"]?.contains("symbolic link") == true })

        // Still alive: it answers a last report, then stops cleanly.
        daemon.drop("last.txt", text: "A rocket hit the consulate and set it on fire. Last one.")
        #expect(daemon.wait(timeout: .seconds(5)) { daemon.list("processed").contains("last.txt") }, "still processing")
        #expect(daemon.stop() == 0)
    }

    /// An alerting report with an escape sequence, BEL, DEL, CR, NEL and a bidi override in its text.
    static let controlText = "A missile struck the embassy\u{1b}[31m in Kyiv and damaged\u{07} its\u{7f} roof\r today \u{85} \u{202e} ok.\n"

    @Test(.needsRuleEngine, .timeLimit(.minutes(1)))
    func textOutputShowsHostileNamesAndTextEscapedOneLinePerAlert() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "text"])
        try #require(daemon.waitReady())
        let incoming = daemon.spool + "/incoming/"
        let names: [([UInt8], String)] = [
            (Array("evil\nCRITICAL forged-rule fake.txt".utf8), #"evil\nCRITICAL forged-rule fake.txt"#),
            (Array("\u{1b}]0;pwned\u{07}\u{1b}[2J.txt".utf8), #"\x1b]0;pwned\x07\x1b[2J.txt"#),
            (Array("raw-".utf8) + [0xC3, 0x28] + Array(".txt".utf8), #"raw-\xc3(.txt"#),
            (Array("\u{202e}txt.exe.txt".utf8), #"\u{202e}txt.exe.txt"#),
        ]
        for (index, (raw, _)) in names.enumerated() {
            let text = "A missile struck the embassy in Kyiv and damaged its roof. Text case \(index)."
            #expect(HostileFiles.writeRaw(raw, in: incoming, text: Array(text.utf8)))
        }
        daemon.drop("control-text.txt", text: Self.controlText)
        #expect(daemon.wait(timeout: .seconds(10)) { daemon.list("processed").count == names.count + 1 })
        #expect(daemon.wait { daemon.stdoutLines.count >= names.count + 1 })
        let stdout = FileHelpers.readBytes(daemon.temp.appending("stdout")) ?? []
        #expect(!stdout.contains { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F }, "raw control byte on stdout")
        let lines = daemon.stdoutLines
        #expect(lines.count == names.count + 1, "one line per alert, none forged: \(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("CRITICAL protected-mission-damage ") })
        for (_, shown) in names {
            #expect(lines.contains { $0.contains(" \(shown): ") }, "shown as \(shown)")
        }
        #expect(lines.contains { $0.contains(#"embassy\x1b[31m in Kyiv and damaged\x07 its\x7f roof"#) })
        #expect(daemon.stop() == 0)
    }
}
