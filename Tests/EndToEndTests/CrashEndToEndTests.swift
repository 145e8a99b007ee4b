import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `kill -9` at random moments, restart, repeat: nothing lost, every alert in the journal
/// at least once, a repeat always with the same `alert_id`.
///
/// `make test` runs 10 cycles over 5,000 reports; `make soak` runs 100 cycles
/// (`INCIDENTD_CRASH_CYCLES`, `INCIDENTD_CRASH_FILES`, `INCIDENTD_CRASH_SEED`).
@Suite(.serialized) struct CrashEndToEndTests {
    @Test(.needsRuleEngine, .timeLimit(.minutes(30)))
    func killedAtRandomMomentsNothingIsLostAndRepeatsKeepTheirAlertID() throws {
        guard let journal = PrivateJournal() else { return }
        defer { journal.tearDown() }
        let cycles = Reports.setting("INCIDENTD_CRASH_CYCLES", default: 10)
        let total = Reports.setting("INCIDENTD_CRASH_FILES", default: 5_000)
        var random = SeededRandom(seed: UInt64(Reports.setting("INCIDENTD_CRASH_SEED", default: Int(UInt32(truncatingIfNeeded: time(nil))))))
        let seed = random.seed
        let temp = TemporaryDirectory(prefix: "incidentd-crash")
        defer { temp.remove() }
        let spool = temp.appending("spool")
        Reports.makeSpool(spool)
        let started = ContinuousClock.now

        var expected: [String: Set<String>] = [:]  // name → rules
        var kinds: [String: Reports.Kind] = [:]
        var kills: [(pid: Int32, incoming: Set<String>)] = []
        var index = 0
        var targeted = 0
        // Kill delays reach about as far as one cycle's work takes, so kills land at
        // start-up, mid-burst, while the backlog is worked off, and now and then when idle.
        // The range adapts to the build's speed: it shrinks after a kill that found the
        // daemon idle and grows after one that found work left.
        let perCycle = (total + cycles - 1) / cycles
        var maxDelay = Duration.milliseconds(60 + perCycle * 2)
        var idleKills = 0
        for cycle in 0..<cycles {
            let daemon = DaemonHarness(
                arguments: ["--journal", "on", "--output", "off"], spool: spool, wrapper: journal.command([]))
            let delay = Duration.nanoseconds(Int64(random.next(below: UInt64(maxDelay.components.attoseconds / 1_000_000_000 + maxDelay.components.seconds * 1_000_000_000))))
            let killAt = ContinuousClock.now + delay
            let burst = cycle == cycles - 1 ? total - index : min(perCycle, total - index)
            var killed = false
            for _ in 0..<burst {
                if !killed, ContinuousClock.now >= killAt {
                    daemon.kill()
                    kills.append((daemon.process.pid, Set(FileHelpers.list(spool + "/incoming"))))
                    killed = true
                }
                let kind = Reports.kind(index)
                let name = Reports.name(index, kind)
                expected[name] = kind.rules
                kinds[name] = kind
                Reports.drop(name, text: Reports.text(index, kind), spool: spool)
                index += 1
            }
            if !killed {
                let left = killAt - ContinuousClock.now
                if left > .zero { usleep(UInt32(left.components.seconds * 1_000_000 + left.components.attoseconds / 1_000_000_000_000)) }
                // Every third cycle aims at the narrow moment between a file's alerts
                // reaching the journal and the file's move out of incoming/.
                if cycle % 3 == 1, Self.stopBetweenDeliveryAndMove(daemon, journal: journal, spool: spool, random: &random) {
                    targeted += 1
                }
                daemon.kill()
                kills.append((daemon.process.pid, Set(FileHelpers.list(spool + "/incoming"))))
            }
            if kills.last?.incoming.isEmpty == true {
                idleKills += 1
                maxDelay = max(.milliseconds(20), maxDelay * 0.7)
            } else {
                maxDelay = min(.seconds(3), maxDelay * 1.15)
            }
        }

        // One last, undisturbed run works off what is left.
        let final = DaemonHarness(arguments: ["--journal", "on", "--output", "off"], spool: spool, wrapper: journal.command([]))
        try #require(final.waitReady())
        #expect(final.wait(timeout: .seconds(300)) { Reports.count(spool + "/incoming") == 0 })
        #expect(final.stop() == 0)

        // Every file is in processed/ or failed/ exactly once, and nowhere else.
        let processed = FileHelpers.list(spool + "/processed")
        let failedAll = FileHelpers.list(spool + "/failed")
        let failed = failedAll.filter { !$0.hasSuffix(".error") }
        let errorFiles = Set(failedAll.filter { $0.hasSuffix(".error") })
        // A crash between writing a report's reason and moving it leaves that reason
        // behind; the report then fails under the next free name (`r000007.1.json`).
        let renamed = failed.filter { Self.original($0) != $0 }.count
        let settled = processed + failed.map(Self.original)
        let lost = Set(expected.keys).subtracting(settled)
        #expect(lost.isEmpty, "lost: \(lost.sorted().prefix(10))")
        #expect(settled.count == expected.count, "each file exactly once: \(settled.count) settled for \(expected.count) dropped")
        #expect(Set(settled).count == settled.count)
        #expect(FileHelpers.list(spool + "/incoming").isEmpty)
        #expect(FileHelpers.list(spool + "/tmp").isEmpty)
        #expect(Set(failed.map(Self.original)) == Set(kinds.filter { $0.value == .broken }.keys), "only the broken reports failed")
        for name in failed { #expect(errorFiles.contains(name + ".error"), "\(name) has its reason") }
        let orphans = errorFiles.subtracting(failed.map { $0 + ".error" })

        // Every expected alert reached the journal at least once; repeats share the alert id.
        let wanted = expected.reduce(0) { $0 + $1.value.count }
        let entries = journal.entries(fields: ["INCIDENT_NAME", "INCIDENT_RULE", "INCIDENT_ALERT_ID", "_PID"], timeout: .seconds(30)) {
            Set($0.compactMap { entry in entry["INCIDENT_RULE"].map { (entry["INCIDENT_NAME"] ?? "") + "|" + $0 } }).count >= wanted
        }.filter { $0["INCIDENT_RULE"] != nil }
        var ids: [String: Set<String>] = [:]
        var deliveries: [String: Int] = [:]
        for entry in entries {
            let key = (entry["INCIDENT_NAME"] ?? "") + "|" + (entry["INCIDENT_RULE"] ?? "")
            ids[key, default: []].insert(entry["INCIDENT_ALERT_ID"] ?? "")
            deliveries[key, default: 0] += 1
        }
        let wantedKeys = Set(expected.flatMap { name, rules in rules.map { name + "|" + $0 } })
        let missing = wantedKeys.subtracting(ids.keys)
        let unexpected = Set(ids.keys).subtracting(wantedKeys)
        #expect(missing.isEmpty, "alerts missing from the journal: \(missing.sorted().prefix(10))")
        #expect(unexpected.isEmpty, "alerts nobody expected: \(unexpected.sorted().prefix(10))")
        let split = ids.filter { $0.value.count != 1 }
        #expect(split.isEmpty, "a repeat with another alert_id: \(split.keys.sorted().prefix(5))")
        let repeats = deliveries.values.reduce(0) { $0 + max(0, $1 - 1) }

        // Kills that fell between delivering a file's alerts and moving it: the file was
        // still in incoming/ when killed, yet that daemon had already logged its alert.
        var window = 0
        for kill in kills {
            let delivered = Set(entries.filter { $0["_PID"] == String(kill.pid) }.compactMap { $0["INCIDENT_NAME"] })
            window += delivered.intersection(kill.incoming).count
        }
        let elapsed = ContinuousClock.now - started
        let rate = Double(repeats) / Double(max(1, wanted)) * 100
        print("""
            CRASH TEST: cycles \(cycles), files dropped \(expected.count), lost \(lost.count), \
            alerts expected \(wanted), missing \(missing.count), journal entries \(entries.count), \
            repeats \(repeats) (duplicate rate \((rate * 100).rounded() / 100) %), \
            files killed between delivery and move \(window) (cycles that caught that moment \(targeted)), \
            kills with nothing left to do \(idleKills), orphan .error files \(orphans.count) (failed reports renamed past one \(renamed)), \
            random seed \(seed), time \(elapsed)
            """)
    }
}

extension CrashEndToEndTests {
    /// `r000007.json` for `r000007.1.json`: the name a report was dropped with.
    static func original(_ name: String) -> String {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, Int(parts[1]) != nil else { return name }
        return parts[0] + "." + parts[2]
    }

    /// Stops the daemon (SIGSTOP) at random moments until it is caught with a file still in
    /// `incoming/` whose alert it already sent to the journal, and leaves it stopped there
    /// for the kill. Gives up after 80 tries (the daemon may have run out of work).
    /// - Returns: Whether it was caught in that state.
    static func stopBetweenDeliveryAndMove(
        _ daemon: DaemonHarness, journal: PrivateJournal, spool: String, random: inout SeededRandom
    ) -> Bool {
        for _ in 0..<80 {
            usleep(UInt32(random.next(below: 3_000)))
            daemon.process.signal(SIGSTOP)
            // The signal takes effect asynchronously: wait until the daemon is really stopped.
            let deadline = ContinuousClock.now + .seconds(1)
            while !Self.isStopped(daemon.process.pid), ContinuousClock.now < deadline { usleep(200) }
            let incoming = Set(FileHelpers.list(spool + "/incoming"))
            if incoming.isEmpty { return false }
            usleep(20_000)  // journald writes what was already sent
            let sent = Shell.run(journal.command([
                "journalctl", "-o", "json", "--no-pager", "--output-fields=INCIDENT_NAME", "_PID=\(daemon.process.pid)",
            ])).stdout.split(separator: "\n").compactMap { JSONLine.fields(String($0))?["INCIDENT_NAME"] }
            if !incoming.isDisjoint(with: sent) { return true }
            daemon.process.signal(SIGCONT)
        }
        return false
    }

    /// Whether `/proc/PID/stat` says the process is stopped (`T`).
    static func isStopped(_ pid: Int32) -> Bool {
        guard let stat = FileHelpers.read("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] == "T"
    }
}
