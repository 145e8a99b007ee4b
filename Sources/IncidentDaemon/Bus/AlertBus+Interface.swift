import Systemd

extension AlertBus {
    /// The `org.incidentd.Incidentd1` interface: what `busctl introspect` shows.
    func makeInterface() -> BusInterface {
        BusInterface(
            name: Self.interfaceName,
            methods: [
                .init(
                    "GetStatus",
                    results: [
                        ("version", "s"), ("spool", "s"), ("rules", "u"), ("files_processed", "t"), ("alerts", "t"),
                        ("failed", "t"), ("last_alert_time", "s"), ("uptime_seconds", "t"),
                    ]
                ) { [weak self] _ in
                    guard let self else { return .error(name: "org.freedesktop.DBus.Error.Failed", message: "shutting down") }
                    return .values([
                        .string(version), .string(spool), .uint32(UInt32(clamping: rules)),
                        .uint64(UInt64(status.processed)), .uint64(UInt64(status.alerts)), .uint64(UInt64(status.failed)),
                        .string(lastAlertTime), .uint64(uptimeSeconds),
                    ])
                },
                .init("RecentAlerts", parameters: [("count", "u")], results: [("records", "as")]) { [weak self] call in
                    guard let self else { return .error(name: "org.freedesktop.DBus.Error.Failed", message: "shutting down") }
                    do {
                        let count = try call.readUInt32()
                        return .values([.strings(recent.newest(Int(clamping: count)))])
                    } catch {
                        return .error(name: "org.freedesktop.DBus.Error.InvalidArgs", message: "RecentAlerts takes one u (count)")
                    }
                },
                .init("Reload") { [weak self] call in
                    // Answered once the loop has reloaded, by finishReload(error:): the same
                    // path as SIGHUP, between two files.
                    self?.pendingReloads.append(call)
                    return .later
                },
            ],
            properties: [
                .init("Version", signature: "s", change: .constant) { [weak self] in .string(self?.version ?? "") },
                .init("Spool", signature: "s", change: .constant) { [weak self] in .string(self?.spool ?? "") },
                .init("Rules", signature: "u", change: .emitsChange) { [weak self] in
                    .uint32(UInt32(clamping: self?.rules ?? 0))
                },
                .init("FilesProcessed", signature: "t", change: .emitsChange) { [weak self] in
                    .uint64(UInt64(self?.status.processed ?? 0))
                },
                .init("Alerts", signature: "t", change: .emitsChange) { [weak self] in
                    .uint64(UInt64(self?.status.alerts ?? 0))
                },
                .init("Failed", signature: "t", change: .emitsChange) { [weak self] in
                    .uint64(UInt64(self?.status.failed ?? 0))
                },
                .init("Duplicates", signature: "t", change: .emitsChange) { [weak self] in
                    .uint64(UInt64(self?.status.duplicates ?? 0))
                },
                .init("LastAlertTime", signature: "s", change: .emitsChange) { [weak self] in
                    .string(self?.lastAlertTime ?? "")
                },
            ],
            signals: [
                .init(
                    "Alert",
                    arguments: [
                        ("rule", "s"), ("severity", "s"), ("alert_id", "s"), ("title", "s"), ("name", "s"), ("record", "s"),
                    ])
            ])
    }
}
