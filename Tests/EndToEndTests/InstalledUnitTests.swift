import Testing
import TestSupport

/// `make install` lays out a unit that systemd accepts and scores as well sandboxed.
@Suite struct InstalledUnitTests {
    static let analyzeAvailable = FileHelpers.exists("/usr/bin/systemd-analyze") || FileHelpers.exists("/bin/systemd-analyze")

    @Test(.enabled(if: analyzeAvailable, "systemd-analyze is not installed (make setup installs it)"))
    func theInstalledUnitVerifiesAndScoresAtMostOne() throws {
        let temp = TemporaryDirectory()
        defer { temp.remove() }
        let stage = temp.appending("stage")
        let install = Shell.run(
            ["make", "-s", "install", "DESTDIR=\(stage)", "PREFIX=/usr", "BIN=\(Binary.path)"], directory: Binary.repository)
        try #require(install.status == 0, "make install failed: \(install.stderr)")
        for file in [
            "usr/bin/incidentd", "usr/lib/systemd/system/incidentd.service", "usr/lib/sysusers.d/incidentd.conf",
            "usr/lib/tmpfiles.d/incidentd.conf", "usr/lib/systemd/catalog/incidentd.catalog",
            "etc/incidentd/incidentd.yaml", "usr/share/dbus-1/system.d/org.incidentd.Incidentd1.conf",
        ] {
            #expect(FileHelpers.exists(stage + "/" + file), "\(file) not installed")
        }

        // verify needs ExecStart= to exist on this machine: point it at the staged binary.
        let unit = FileHelpers.read(stage + "/usr/lib/systemd/system/incidentd.service") ?? ""
        #expect(unit.contains("ExecStart=/usr/bin/incidentd run"))
        let local = temp.appending("incidentd.service")
        FileHelpers.write(
            unit.replacingOccurrences(of: "ExecStart=/usr/bin/incidentd", with: "ExecStart=\(stage)/usr/bin/incidentd"),
            to: local)
        let verify = Shell.run(["systemd-analyze", "verify", local])
        #expect(verify.status == 0, "systemd-analyze verify: \(verify.stderr)")
        #expect(verify.stderr.isEmpty, "systemd-analyze verify: \(verify.stderr)")

        let security = Shell.run(["systemd-analyze", "security", "--offline=true", "--no-pager", local])
        let score = Self.exposure(security.stdout)
        #expect(score != nil, "no score in: \(security.stdout.suffix(300))")
        #expect((score ?? 10) <= 1.0, "exposure \(score ?? -1)")
    }

    @Test func theCatalogCoversEveryBuiltInMessageID() {
        let catalog = FileHelpers.read(Binary.repository + "/systemd/incidentd.catalog") ?? ""
        for id in ["3c1f0e6a9b7d4f52a1e8c0d2b4f6a813", "7d2e5b1c9a4f4e6b8c3d0f1a2b5e9c47", "b5e1c7a94d2f4a3e9c60f8d1a2b3c4d5"] {
            #expect(catalog.contains("-- \(id)\n"))
        }
    }

    /// The number in "Overall exposure level for incidentd.service: 0.2 SAFE".
    static func exposure(_ output: String) -> Double? {
        guard let line = output.split(separator: "\n").first(where: { $0.contains("Overall exposure level") }),
              let colon = line.lastIndex(of: ":")
        else { return nil }
        let number = line[line.index(after: colon)...].split(separator: " ").first.map(String.init) ?? ""
        return Double(number)
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
