import Testing
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The daemon runs on one thread that sleeps until there is work: what `top`, `powertop`
/// and systemd's watchdog see.
@Suite(.serialized) struct EventLoopTests {
    /// Context switches of every thread of `pid` so far, and the number of threads.
    private func schedulerCounts(_ pid: pid_t) -> (switches: Int, threads: Int) {
        let tasks = FileHelpers.list("/proc/\(pid)/task")
        var switches = 0
        for task in tasks {
            let status = FileHelpers.read("/proc/\(pid)/task/\(task)/status") ?? ""
            // voluntary_ctxt_switches:	12 / nonvoluntary_ctxt_switches:	3
            for line in status.split(separator: "\n") where line.contains("ctxt_switches:") {
                switches += Int(String(line.filter(\.isNumber))) ?? 0
            }
        }
        return (switches, tasks.count)
    }

    @Test func anIdleDaemonRunsOneThreadAndDoesNotWakeUp() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        daemon.drop("note.txt", text: "Nothing to see here.\n")
        #expect(daemon.wait { daemon.list("processed") == ["note.txt"] })
        usleep(300_000)  // let the STATUS= of the last file go out
        let before = schedulerCounts(daemon.process.pid)
        #expect(before.threads == 1, "all work runs on the main thread")
        usleep(2_000_000)
        let after = schedulerCounts(daemon.process.pid)
        #expect(after.switches == before.switches, "no wake-ups without a watchdog, a file or a signal")
        #expect(daemon.stop() == 0)
    }

    /// Resident and mapped kB of the daemon's own code (its executable mappings).
    private func codePages(_ pid: pid_t) -> (resident: Int, mapped: Int) {
        let binary = realpath(Binary.path, nil).map { path in defer { free(path) }; return String(cString: path) } ?? Binary.path
        var inCode = false
        var resident = 0, mapped = 0
        for line in (FileHelpers.read("/proc/\(pid)/smaps") ?? "").split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                inCode = fields.count >= 6 && fields[1] == "r-xp" && fields[5] == binary
            } else if inCode, fields.count >= 2, fields[0] == "Size:" {
                mapped += Int(fields[1]) ?? 0
            } else if inCode, fields.count >= 2, fields[0] == "Rss:" {
                resident += Int(fields[1]) ?? 0
            }
        }
        return (resident, mapped)
    }

    @Test func anIdleDaemonGivesBackItsStartUpCode() throws {
        let daemon = DaemonHarness(arguments: ["--journal", "off"])
        #expect(daemon.waitReady())
        // The pages go half a second after start-up. Without the release, argument parsing,
        // YAML and the rule compiler (and the kernel's fault-around) leave about half of the
        // code resident.
        var idle = codePages(daemon.process.pid)
        #expect(daemon.wait(timeout: .seconds(5)) {
            idle = codePages(daemon.process.pid)
            return idle.mapped > 0 && idle.resident * 5 < idle.mapped
        }, "resident code \(idle.resident) kB of \(idle.mapped) kB mapped")
        daemon.drop("seed.txt", text: "A missile hit the embassy. Two guards were killed.\n")
        #expect(daemon.wait { daemon.list("processed") == ["seed.txt"] })
        #expect(daemon.wait { daemon.stdoutLines.count == 2 }, "the released code runs again when a file comes")
        #expect(daemon.stop() == 0)
    }

    @Test func sigtermDuringABacklogStopsBetweenFiles() throws {
        let count = 5_000
        let daemon = DaemonHarness(arguments: ["--journal", "off", "--output", "off"]) { spool in
            for directory in ["", "/incoming"] { mkdir(spool + directory, 0o755) }
            for index in 0..<count { FileHelpers.write("report \(index)\n", to: spool + "/incoming/r\(index).txt") }
        }
        #expect(daemon.waitReady())
        #expect(daemon.stop() == 0)
        let done = daemon.list("processed"), left = daemon.list("incoming")
        #expect(!left.isEmpty, "the daemon stopped between files instead of draining the backlog first")
        #expect(done.count + left.count == count, "every file is in exactly one place")
        #expect(Set(done).isDisjoint(with: left))
        #expect(daemon.list("failed").isEmpty)
    }
}
