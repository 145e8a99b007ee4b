import IncidentDaemon
import Systemd
import Testing

@Suite struct BusSettingTests {
    @Test func namedBusesAndAddressesAreRecognised() {
        #expect(BusSetting("auto") == .auto)
        #expect(BusSetting("off") == .off)
        #expect(BusSetting("system") == .bus(.system))
        #expect(BusSetting("session") == .bus(.session))
        #expect(BusSetting("unix:path=/tmp/bus.sock") == .bus(.address("unix:path=/tmp/bus.sock")))
    }

    @Test(arguments: ["", "sytem", "unix", ":path=/x", "unix:/tmp/bus.sock"])
    func anythingElseIsRejected(_ text: String) {
        #expect(BusSetting(text) == nil)
    }

    @Test func autoMeansTheSystemBusOnlyUnderSystemd() {
        #expect(BusSetting.auto.resolve { $0 == "INVOCATION_ID" ? "0123" : nil } == .system)
        #expect(BusSetting.auto.resolve { _ in nil } == nil)
        #expect(BusSetting.off.resolve { _ in "x" } == nil)
        #expect(BusSetting.bus(.session).resolve { _ in nil } == .session)
    }

    @Test func aBadBusInTheConfigurationSaysWhatIsExpected() throws {
        do {
            _ = try DaemonConfig.parse("dbus: sytem\nrecent_alerts: -1\n", path: "c.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.count == 2)
            #expect(error.problems[0].hasPrefix("c.yaml:1:1: dbus: expected auto, system, session, off or a bus address"))
            #expect(error.problems[1].hasPrefix("c.yaml:2:1: recent_alerts:"))
        }
    }
}

@Suite struct RecentAlertsTests {
    @Test func newestComeFirstAndTheOldestFallOut() {
        var ring = RecentAlerts(capacity: 3)
        #expect(ring.newest(5).isEmpty)
        ring.append("a")
        ring.append("b")
        #expect(ring.newest(5) == ["b", "a"])
        ring.append("c")
        ring.append("d")
        ring.append("e")
        #expect(ring.newest(5) == ["e", "d", "c"])
        #expect(ring.newest(2) == ["e", "d"])
        #expect(ring.newest(0).isEmpty)
    }

    @Test func aZeroSizedRingKeepsNothing() {
        var ring = RecentAlerts(capacity: 0)
        ring.append("a")
        #expect(ring.newest(1).isEmpty)
    }
}
