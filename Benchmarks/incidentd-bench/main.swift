// Engine throughput benchmark: evaluates the built-in rules over at least 50 MB of
// incident reports, single thread, and runs the same text through ripgrep with every
// term of the rules for comparison. Run with `make bench` (release build).
//
//   incidentd-bench [--megabytes N] CORPUS_DIR...
import Foundation
import IncidentCore

struct Options {
    var megabytes = 64
    var directories: [String] = []

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            if argument == "--megabytes", let value = rest.popFirst().flatMap(Int.init) {
                megabytes = value
            } else {
                directories.append(argument)
            }
        }
    }
}

/// Every report in `directories` (.txt, .md, .json), parsed.
func loadReports(_ directories: [String]) -> [Document] {
    var documents: [Document] = []
    for directory in directories {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for name in names where name != "labels.json" {
            guard let data = FileManager.default.contents(atPath: directory + "/" + name),
                let document = try? Document.parse(bytes: Array(data), name: name)
            else { continue }
            documents.append(document)
        }
    }
    return documents
}

/// Every term the built-in rules list, as ripgrep fixed strings (`stem*` → `stem`).
func ruleTerms() -> [String] {
    var terms: Set<String> = []
    func collect(_ node: YAMLNode, underList: Bool) {
        switch node.value {
        case .scalar(let text, _) where underList:
            terms.insert(text.replacingOccurrences(of: "*", with: "").replacingOccurrences(of: "#", with: ""))
        case .sequence(let sequence):
            for item in sequence { collect(item, underList: true) }
        case .mapping(let mapping):
            for entry in mapping where !["examples", "match", "exclude", "escalate"].contains(entry.name) {
                collect(entry.value, underList: false)
            }
        default: break
        }
    }
    for source in RuleSet.builtinSources {
        if let node = try? YAML.parse(source.text) { collect(node, underList: false) }
    }
    return terms.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.sorted()
}

func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// CPU seconds this process (`RUSAGE_SELF`) or its waited-for children have used: on a
/// shared machine wall time measures the neighbours too, CPU time much less so.
func cpuSeconds(_ who: Int32) -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(who), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func peakRSSMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

let options = Options(CommandLine.arguments)
let reports = loadReports(options.directories)
guard !reports.isEmpty else {
    FileHandle.standardError.write(Data("usage: incidentd-bench [--megabytes N] CORPUS_DIR...\n".utf8))
    exit(64)
}
let engine = Engine(rules: .builtin)
let target = options.megabytes * 1_000_000
let corpusBytes = reports.reduce(0) { $0 + $1.text.utf8.count }

// Warm up, then evaluate report after report until the target volume is processed.
for report in reports { _ = engine.evaluate(report) }
var processed = 0
var alertCount = 0
var latencies: [UInt64] = []
let start = now()
let cpuStart = cpuSeconds(RUSAGE_SELF.rawValue)
while processed < target {
    for report in reports {
        let t0 = now()
        alertCount &+= engine.evaluate(report).count
        latencies.append(now() - t0)
        processed += report.text.utf8.count
    }
}
let engineSeconds = Double(now() - start) / 1e9
let engineCPU = cpuSeconds(RUSAGE_SELF.rawValue) - cpuStart
let engineMBps = Double(processed) / 1e6 / engineSeconds
latencies.sort()
let p50 = Double(latencies[latencies.count / 2]) / 1e3
let p99 = Double(latencies[latencies.count * 99 / 100]) / 1e3

print("incidentd engine benchmark (single thread, built-in rules)")
print(String(format: "  corpus: %d reports, %.1f KB; evaluated %.1f MB (%d evaluations, %d alerts)",
             reports.count, Double(corpusBytes) / 1e3, Double(processed) / 1e6, latencies.count, alertCount))
print(String(format: "  engine: %.2f s, %.0f MB/s; per report p50 %.1f µs, p99 %.1f µs", engineSeconds, engineMBps, p50, p99))
print(String(format: "  peak RSS: %.1f MiB", peakRSSMiB()))

// The same volume through ripgrep: every term, case-insensitive fixed strings, counting.
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("incidentd-bench-\(getpid())")
try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: scratch) }
let textFile = scratch.appendingPathComponent("corpus.txt")
let termsFile = scratch.appendingPathComponent("terms.txt")
let terms = ruleTerms()
try terms.joined(separator: "\n").appending("\n").write(to: termsFile, atomically: true, encoding: .utf8)
var blob = Data()
blob.reserveCapacity(processed + 1_000_000)
while blob.count < processed {
    for report in reports { blob.append(contentsOf: Array(report.text.utf8)); blob.append(10) }
}
try blob.write(to: textFile)

let rg = Process()
rg.executableURL = URL(fileURLWithPath: "/usr/bin/env")
rg.arguments = ["rg", "-c", "-i", "-F", "-f", termsFile.path, textFile.path]
rg.standardOutput = Pipe()
let rgStart = now()
let rgCPUStart = cpuSeconds(RUSAGE_CHILDREN.rawValue)
do {
    try rg.run()
    rg.waitUntilExit()
    let rgSeconds = Double(now() - rgStart) / 1e9
    let rgMBps = Double(blob.count) / 1e6 / rgSeconds
    print(String(format: "  ripgrep (rg -c -i -F, %d terms): %.2f s, %.0f MB/s (exit %d)", terms.count, rgSeconds, rgMBps, rg.terminationStatus))
    print(String(format: "  engine time / ripgrep time: %.2fx", engineSeconds / rgSeconds * Double(blob.count) / Double(processed)))
    let rgCPU = cpuSeconds(RUSAGE_CHILDREN.rawValue) - rgCPUStart
    print(String(format: "  CPU time (less disturbed by other load): engine %.3f s (%.1f MB/s), ripgrep %.2f s (%.0f MB/s): %.2fx",
                 engineCPU, Double(processed) / 1e6 / engineCPU, rgCPU, Double(blob.count) / 1e6 / rgCPU,
                 engineCPU / rgCPU * Double(blob.count) / Double(processed)))
} catch {
    print("  ripgrep: not run (\(error)); install ripgrep (make setup)")
}
