import IncidentCore

/// Publishes each alert as the `Alert` signal on D-Bus and keeps it for `RecentAlerts`.
///
/// Best effort by design: it never throws, so it never holds a file in `incoming/` — an
/// alert counts as delivered by the journal (or stdout), not by the bus. With the bus
/// down the alert is only kept in the ring; the outage is logged once by ``AlertBus``.
package struct BusSink: AlertSink {
    package let name = "dbus"
    private let bus: AlertBus

    package init(bus: AlertBus) {
        self.bus = bus
    }

    package func deliver(_ alert: Alert) throws(SinkError) {
        bus.publish(alert, record: alert.jsonLine)
    }

    package var usesRecord: Bool { true }

    package func deliver(_ alert: Alert, record: String) throws(SinkError) {
        bus.publish(alert, record: record)
    }
}
