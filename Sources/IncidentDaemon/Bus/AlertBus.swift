import IncidentCore
import Logging
import Systemd

#if canImport(Glibc)
import Glibc
#endif

/// What drives ``AlertBus``: its socket's readiness, or one of its timers.
package enum BusEvent: Sendable, Equatable {
    /// The connection with this generation can read or write.
    case socket(SocketReadiness, generation: Int)
    /// A reconnect, a `PropertiesChanged` or an sd-bus timeout may be due.
    case timer
}

/// The daemon on D-Bus: owns `org.incidentd.Incidentd1`, publishes the object with the
/// `Alert` signal, `GetStatus`, `RecentAlerts`, `Reload` and the counter properties, and
/// reconnects with backoff when the bus goes away.
///
/// Driven by the spool loop: every call comes from its one task on the one event-loop
/// thread (sd-bus objects are single-threaded), and the socket watcher and timers only
/// post ``BusEvent``s into the loop's stream. Nothing here blocks: signals are queued by sd-bus when the socket is
/// full and written when it is writable.
///
/// `@unchecked Sendable`: it is shared with ``BusSink`` (an `AlertSink` must be
/// `Sendable`), but only ever used from the loop's task, as described above.
package final class AlertBus: @unchecked Sendable {
    /// The well-known name, object path and interface (all versioned).
    package static let name = "org.incidentd.Incidentd1"
    package static let objectPath = "/org/incidentd/Incidentd1"
    package static let interfaceName = "org.incidentd.Incidentd1"
    /// The D-Bus error `Reload()` answers with when the new configuration or rules are rejected.
    package static let reloadFailed = "org.incidentd.Incidentd1.ReloadFailed"
    /// `MESSAGE_ID` of the log entry saying the bus is unavailable.
    package static let unavailableMessageID = "e4a1c38f0b9d4c6a8f2e7d5b3a1c9e07"

    let address: BusAddress
    let version: String
    /// The spool root as opened (absolute), for `GetStatus` and the `Spool` property.
    package var spool: String
    let logger: Logger
    private let retry: RetryPolicy
    private let started = ContinuousClock.now
    /// How often `PropertiesChanged` goes out at most during a burst.
    private let propertiesInterval = Duration.milliseconds(200)

    // State, owned by the loop's task.
    var recent: RecentAlerts
    var status = DaemonStatus()
    var rules = 0
    var lastAlertTime = ""
    var pendingReloads: [BusMessage] = []
    private var post: (@Sendable (BusEvent) -> Void)?
    private var connection: (bus: Bus, watcher: SocketWatcher)?
    private var generation = 0
    private var failures = 0
    /// The outage was logged; the next success says so, further failures stay quiet.
    private var outageLogged = false
    private var reconnectAt: ContinuousClock.Instant?
    private var flushAt: ContinuousClock.Instant?
    private var busTimeoutAt: ContinuousClock.Instant?
    private var lastFlush: ContinuousClock.Instant?
    /// What the last `PropertiesChanged` (or a `Get`) could have shown.
    private var announced = Announced()
    private var timer: (due: ContinuousClock.Instant, task: Task<Void, Never>)?
    private(set) var signalsDropped = 0

    /// - Parameters:
    ///   - address: The bus.
    ///   - recentAlerts: How many alert records `RecentAlerts` can return.
    ///   - version: The daemon's version, for `GetStatus`.
    ///   - spool: The spool root, for `GetStatus`.
    ///   - retry: Reconnect backoff.
    package init(
        address: BusAddress, recentAlerts: Int, version: String, spool: String, logger: Logger,
        retry: RetryPolicy = RetryPolicy(initial: .milliseconds(250), maximum: .seconds(5))
    ) {
        self.address = address
        self.recent = RecentAlerts(capacity: recentAlerts)
        self.version = version
        self.spool = spool
        self.logger = logger
        self.retry = retry
    }

    /// Connects (or schedules the first retry); `post` feeds the loop's event stream.
    package func start(post: @escaping @Sendable (BusEvent) -> Void) {
        self.post = post
        connect()
    }

    /// Disconnects and cancels the timers.
    package func stop() {
        timer?.task.cancel()
        timer = nil
        post = nil
        disconnect()
    }

    /// Handles one event from the loop's stream.
    ///
    /// - Returns: Whether a `Reload()` call waits for the loop to reload; the loop then
    ///   calls ``finishReload(error:)``.
    package func handle(_ event: BusEvent) -> Bool {
        switch event {
        case .socket(_, let generation):
            if generation == self.generation { drive() }
        case .timer:
            let now = ContinuousClock.now
            if let due = timer?.due, due <= now { timer = nil }
            if let due = reconnectAt, due <= now {
                reconnectAt = nil
                connect()
            }
            if let due = flushAt, due <= now {
                flushAt = nil
                flushProperties()
            }
            if let due = busTimeoutAt, due <= now {
                busTimeoutAt = nil
                drive()
            }
            scheduleTimer()
        }
        return !pendingReloads.isEmpty
    }

    /// Emits the `Alert` signal for `alert` (when connected) and keeps its JSON record.
    package func publish(_ alert: Alert, record: String) {
        recent.append(record)
        lastAlertTime = alert.time
        guard let bus = connection?.bus else { return }
        do {
            try bus.emitSignal(
                path: Self.objectPath, interface: Self.interfaceName, member: "Alert",
                values: [
                    .string(alert.rule), .string(alert.severity.rawValue), .string(alert.alertID),
                    .string(alert.title), .string(alert.name), .string(record),
                ])
            if bus.wantsWrite { connection?.watcher.rearm(write: true) }
        } catch where error.errno == ENOBUFS {
            // sd-bus's outgoing queue is full: the bus is not reading. Drop, never wait.
            signalsDropped += 1
            if signalsDropped == 1 || signalsDropped % 1000 == 0 {
                logger.warning("D-Bus is not reading; Alert signals dropped", metadata: ["dbus.dropped": "\(signalsDropped)"])
            }
        } catch {
            lost(error)
        }
    }

    /// Takes the daemon's counters; announces changed properties at most every 200 ms.
    package func update(status: DaemonStatus? = nil, rules: Int? = nil) {
        if let status { self.status = status }
        if let rules { self.rules = rules }
        guard connection != nil, Announced(self) != announced, flushAt == nil else { return }
        let now = ContinuousClock.now
        if let lastFlush, now - lastFlush < propertiesInterval {
            flushAt = lastFlush + propertiesInterval
            scheduleTimer()
        } else {
            flushProperties()
        }
    }

    /// Answers the waiting `Reload()` calls: success, or the `ReloadFailed` error with
    /// `error` as its text.
    package func finishReload(error: String?) {
        let calls = pendingReloads
        pendingReloads = []
        for call in calls {
            do {
                if let error {
                    try call.replyError(name: Self.reloadFailed, message: error)
                } else {
                    try call.reply([])
                }
            } catch {
                logger.warning("Cannot answer a D-Bus Reload call", metadata: ["error": "\(error)"])
            }
        }
        if let bus = connection?.bus, bus.wantsWrite { connection?.watcher.rearm(write: true) }
    }

    // MARK: - Connection

    private func connect() {
        disconnect()
        generation += 1
        let generation = generation
        let bus: Bus
        do {
            bus = try Bus.open(address)
            try bus.addObject(path: Self.objectPath, interface: makeInterface())
            try bus.requestName(Self.name) { [weak self] error in self?.nameAnswered(error, generation: generation) }
        } catch {
            lost(error)
            return
        }
        let post = self.post
        let watcher: SocketWatcher
        do {
            watcher = try SocketWatcher(fd: bus.fileDescriptor) { readiness in
                post?(.socket(readiness, generation: generation))
            }
        } catch {
            lost(SystemdError(function: "epoll_ctl", result: -error.errno))
            return
        }
        connection = (bus, watcher)
        announced = Announced(self)
        drive()
    }

    private func disconnect() {
        guard let connection else { return }
        // The watcher first: epoll must forget the descriptor before sd-bus closes it.
        connection.watcher.cancel()
        self.connection = nil
        // Calls that came in on this connection cannot be answered on another.
        pendingReloads = []
        busTimeoutAt = nil
    }

    /// Lets sd-bus do what is pending: read, dispatch calls, write queued messages.
    private func drive() {
        guard let (bus, watcher) = connection else { return }
        do {
            // Bounded, so a flood of calls cannot starve the files: the rest is taken
            // up on the next turn of the loop.
            var rounds = 0
            while try bus.process() {
                rounds += 1
                if rounds == 64 {
                    let generation = generation
                    post?(.socket(.readable, generation: generation))
                    break
                }
            }
            guard bus.isOpen else {
                lost(SystemdError(function: "sd_bus_process", result: -ECONNRESET))
                return
            }
            watcher.rearm(write: bus.wantsWrite)
            busTimeoutAt = bus.timeout.map { ContinuousClock.now + $0 }
            scheduleTimer()
        } catch {
            lost(error)
        }
    }

    private func lost(_ error: SystemdError) {
        let wasConnected = connection != nil
        disconnect()
        failures += 1
        let delay = retry.delay(afterFailures: failures)
        reconnectAt = ContinuousClock.now + delay
        if !outageLogged {
            outageLogged = true
            logger.warning(
                wasConnected
                    ? "D-Bus connection lost; alerts still go to the journal and stdout; reconnecting"
                    : "D-Bus unavailable; alerts still go to the journal and stdout; retrying",
                metadata: [
                    "dbus.bus": "\(address)", "error": "\(error)", "message.id": "\(Self.unavailableMessageID)",
                ])
        } else {
            logger.debug("D-Bus still unavailable", metadata: ["error": "\(error)", "retry.delay": "\(delay)"])
        }
        scheduleTimer()
    }

    private func nameAnswered(_ error: String?, generation: Int) {
        guard generation == self.generation else { return }
        if let error {
            // A connection that is closing fails its pending calls; that is the outage, not
            // a refusal, and `lost` logs it.
            guard connection?.bus.isOpen == true else { return }
            logger.error(
                "Cannot own the D-Bus name; Alert signals still go out from the unique name",
                metadata: ["dbus.name": "\(Self.name)", "dbus.bus": "\(address)", "error": "\(error)"])
            return
        }
        failures = 0
        logger.notice(
            outageLogged ? "D-Bus connection re-established" : "D-Bus name acquired",
            metadata: ["dbus.name": "\(Self.name)", "dbus.bus": "\(address)"])
        outageLogged = false
    }

    // MARK: - Timers and properties

    private func scheduleTimer() {
        guard let post else { return }
        let next = [reconnectAt, flushAt, busTimeoutAt].compactMap { $0 }.min()
        guard let next else { return }
        if let timer, timer.due <= next { return }
        timer?.task.cancel()
        let task = Task {
            try? await Task.sleep(until: next, clock: .continuous)
            if !Task.isCancelled { post(.timer) }
        }
        timer = (next, task)
    }

    private func flushProperties() {
        guard let (bus, watcher) = connection else { return }
        let now = Announced(self)
        let changed = now.changes(since: announced)
        announced = now
        lastFlush = .now
        guard !changed.isEmpty else { return }
        do {
            try bus.emitPropertiesChanged(path: Self.objectPath, interface: Self.interfaceName, properties: changed)
            if bus.wantsWrite { watcher.rearm(write: true) }
        } catch where error.errno == ENOBUFS {
            signalsDropped += 1
        } catch {
            lost(error)
        }
    }

    /// The values of the properties that announce changes.
    private struct Announced: Equatable {
        var rules = 0
        var processed = 0
        var alerts = 0
        var failed = 0
        var duplicates = 0
        var lastAlertTime = ""

        init() {}

        init(_ bus: AlertBus) {
            rules = bus.rules
            processed = bus.status.processed
            alerts = bus.status.alerts
            failed = bus.status.failed
            duplicates = bus.status.duplicates
            lastAlertTime = bus.lastAlertTime
        }

        func changes(since old: Announced) -> [String] {
            var names: [String] = []
            if rules != old.rules { names.append("Rules") }
            if processed != old.processed { names.append("FilesProcessed") }
            if alerts != old.alerts { names.append("Alerts") }
            if failed != old.failed { names.append("Failed") }
            if duplicates != old.duplicates { names.append("Duplicates") }
            if lastAlertTime != old.lastAlertTime { names.append("LastAlertTime") }
            return names
        }
    }

    /// Seconds since the daemon started.
    var uptimeSeconds: UInt64 {
        UInt64(max(0, (ContinuousClock.now - started).components.seconds))
    }
}
