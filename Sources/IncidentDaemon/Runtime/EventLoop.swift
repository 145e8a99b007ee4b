@_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency
import CLinux

#if canImport(Glibc)
import Glibc
#endif

/// The process's one thread: a single-threaded Swift executor over epoll.
///
/// `incidentd` installs it as both the main and the default executor before any task
/// starts, so every task, the spool watch, signals and timers run on the main thread.
/// That buys two things libdispatch's thread pool cannot give:
/// - No wake-ups when idle. The loop sleeps in `epoll_wait` until a descriptor is
///   readable or the next timer (the watchdog's, when configured) is due; libdispatch
///   polls its worker pool once a second for as long as the process lives.
/// - No thread hops. An inotify event, the task that processes the file and the sinks
///   run back to back on one thread, without waking another.
///
/// Work is serial anyway: the daemon processes one file at a time.
///
/// `@unchecked Sendable`: the job queue, the timers and the sleeping flag are guarded by
/// `mutex`; `watches`, `stopped`, `quietDeadline` and `onQuiet` are touched on the loop
/// thread only.
package final class EventLoop: MainExecutor, TaskExecutor, SchedulingExecutor, @unchecked Sendable {
    /// The loop that `install()` makes the process's executor.
    package static let shared = EventLoop()

    /// Whether `install()` ran: descriptor watches need the loop to be running.
    package static var isInstalled: Bool { installed }
    // Written once by `install()` before any task or thread exists, read-only afterwards.
    nonisolated(unsafe) private static var installed = false

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var ready: [UnownedJob] = []
    private var timers: [Timer] = []  // sorted by deadline, then by arrival
    private var timerSequence: UInt64 = 0
    private var sleeping = false

    private let epoll: Int32
    private let bell: Int32
    private var watches: [UInt64: (Readiness) -> Void] = [:]
    private var nextToken: UInt64 = 1
    private var stopped = false
    private var quietDeadline: UInt64?

    /// What to do when the loop goes quiet; see ``runOnQuiet(after:)``. Loop thread only.
    package var onQuiet: (() -> Void)?

    private struct Timer {
        var deadline: UInt64
        var sequence: UInt64
        var job: UnownedJob
    }

    private init() {
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        epoll = incidentd_epoll_create()
        bell = incidentd_eventfd()
        precondition(epoll >= 0 && bell >= 0, "incidentd: cannot create the event loop's descriptors")
        _ = incidentd_epoll_watch(epoll, bell, 0, 1)
    }

    /// Makes the loop the main and default executor. Call first thing in `main`, before
    /// any task exists, then `run()`.
    package static func install() {
        _createExecutors(factory: Factory.self)
        installed = true
    }

    private struct Factory: ExecutorFactory {
        static var mainExecutor: any MainExecutor { EventLoop.shared }
        static var defaultExecutor: any TaskExecutor { EventLoop.shared }
    }

    // MARK: Executor

    package func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pthread_mutex_lock(mutex)
        ready.append(job)
        let ring = sleeping
        sleeping = false
        pthread_mutex_unlock(mutex)
        if ring { self.ring() }
    }

    package func enqueue<C: Clock>(
        _ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C
    ) {
        // Every clock the daemon and its libraries use measures in `Duration`.
        guard let delay = delay as? Duration else { return enqueue(job) }
        let job = UnownedJob(job)
        pthread_mutex_lock(mutex)
        timerSequence += 1
        let timer = Timer(deadline: Self.deadline(after: delay), sequence: timerSequence, job: job)
        let index = timers.firstIndex { ($0.deadline, $0.sequence) > (timer.deadline, timer.sequence) } ?? timers.endIndex
        timers.insert(timer, at: index)
        let ring = sleeping
        sleeping = false
        pthread_mutex_unlock(mutex)
        if ring { self.ring() }
    }

    package func checkIsolated() {
        // One thread runs everything; a job can only be running on it.
    }

    // MARK: Descriptors

    /// What a descriptor is ready for, or watched for.
    package struct Readiness: OptionSet, Sendable {
        package let rawValue: UInt32
        package init(rawValue: UInt32) { self.rawValue = rawValue }
        /// Readable, or hung up / in error (a read says which).
        package static let readable = Readiness(rawValue: 1)
        package static let writable = Readiness(rawValue: 2)
    }

    /// Calls `onReadable` on the loop whenever `fd` is readable (level-triggered: the
    /// callback must drain it). Call on the loop.
    ///
    /// - Returns: A token for ``unwatch(_:fd:)``.
    package func watch(_ fd: Int32, onReadable: @escaping () -> Void) throws(SystemError) -> UInt64 {
        try watch(fd, for: .readable) { _ in onReadable() }
    }

    /// Calls `onReady` on the loop while `fd` is ready for what `interest` names
    /// (level-triggered; change the interest with ``modify(_:fd:interest:)``). Call on
    /// the loop.
    package func watch(_ fd: Int32, for interest: Readiness, onReady: @escaping (Readiness) -> Void) throws(SystemError) -> UInt64 {
        let token = nextToken
        nextToken += 1
        guard incidentd_epoll_watch(epoll, fd, token, 1) == 0 else { throw SystemError("epoll_ctl", errno: errno) }
        watches[token] = onReady
        if interest != .readable { modify(token, fd: fd, interest: interest) }
        return token
    }

    /// Changes what a watched descriptor is watched for. Call on the loop.
    package func modify(_ token: UInt64, fd: Int32, interest: Readiness) {
        _ = incidentd_epoll_modify(
            epoll, fd, token, interest.contains(.readable) ? 1 : 0, interest.contains(.writable) ? 1 : 0)
    }

    /// Stops watching `fd`. Call on the loop, before closing `fd`.
    package func unwatch(_ token: UInt64, fd: Int32) {
        _ = incidentd_epoll_watch(epoll, fd, token, 0)
        watches[token] = nil
    }

    /// Runs ``onQuiet`` once, the next time the loop is about to sleep (for a second or
    /// more) at least `delay` after this call. A later call can only move the moment on,
    /// so a short delay asked for by small work does not cut a longer one short. Not a
    /// timer of its own: a loop that stays busy never runs it, and it costs one wake-up
    /// at most. Loop thread only.
    package func runOnQuiet(after delay: Duration) {
        guard Self.isInstalled else { return }
        quietDeadline = max(quietDeadline ?? 0, Self.deadline(after: delay))
    }

    // MARK: Running

    /// Runs jobs, timers and descriptor callbacks until `stop()`.
    package func run() throws {
        var tokens = [UInt64](repeating: 0, count: 64)
        var events = [UInt32](repeating: 0, count: 64)
        while !stopped {
            // Run what is ready, and what that makes ready, before polling descriptors:
            // a file's processing hops between a few tasks, and an epoll_wait between
            // every hop would cost a system call each. The bound keeps descriptors (a
            // signal, new files) from being starved by a task that keeps yielding.
            var idle = false
            var timeout: Int32 = 0
            for _ in 0..<64 {
                pthread_mutex_lock(mutex)
                let jobs = ready
                ready.removeAll(keepingCapacity: true)
                let now = Self.now()
                let due = timers.prefix { $0.deadline <= now }
                timers.removeFirst(due.count)
                idle = jobs.isEmpty && due.isEmpty && ready.isEmpty
                if idle {
                    timeout = Self.milliseconds(until: timers.first?.deadline, now: now)
                    sleeping = true
                }
                pthread_mutex_unlock(mutex)
                if idle { break }
                for job in jobs { run(job) }
                for timer in due { run(timer.job) }
            }
            if !idle { timeout = 0 }
            if idle, let deadline = quietDeadline, timeout < 0 || timeout >= 1000 {
                let now = Self.now()
                if deadline <= now {
                    quietDeadline = nil
                    onQuiet?()
                } else {
                    let wait = Self.milliseconds(until: deadline, now: now)
                    timeout = timeout < 0 ? wait : min(timeout, wait)
                }
            }

            let count = tokens.withUnsafeMutableBufferPointer { tokens in
                events.withUnsafeMutableBufferPointer { events in
                    incidentd_epoll_wait_events(epoll, tokens.baseAddress, events.baseAddress, Int32(tokens.count), timeout)
                }
            }
            if idle {
                pthread_mutex_lock(mutex)
                sleeping = false
                pthread_mutex_unlock(mutex)
            }
            for i in 0..<Int(max(count, 0)) {
                if tokens[i] == 0 {
                    var value: UInt64 = 0
                    _ = read(bell, &value, 8)
                } else {
                    watches[tokens[i]]?(Readiness(rawValue: events[i]))
                }
            }
        }
    }

    package func stop() {
        stopped = true
        ring()
    }

    private func run(_ job: UnownedJob) {
        job.runSynchronously(isolatedTo: asUnownedSerialExecutor(), taskExecutor: asUnownedTaskExecutor())
    }

    private func ring() {
        var one: UInt64 = 1
        _ = write(bell, &one, 8)
    }

    private static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// `now()` plus `delay`, saturating: `Task.sleep(nanoseconds: .max)` ("sleep for
    /// ever") must not trap.
    private static func deadline(after delay: Duration) -> UInt64 {
        let (seconds, attoseconds) = delay.components
        let (whole, tooLong) = max(0, seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, stillTooLong) = whole.addingReportingOverflow(max(0, attoseconds / 1_000_000_000))
        let nanoseconds = tooLong || stillTooLong ? Int64.max : sum
        let (deadline, late) = now().addingReportingOverflow(UInt64(nanoseconds))
        return late ? .max : deadline
    }

    /// epoll's timeout for a deadline: -1 for none, rounded up so the loop never wakes
    /// just before it.
    private static func milliseconds(until deadline: UInt64?, now: UInt64) -> Int32 {
        guard let deadline else { return -1 }
        guard deadline > now else { return 0 }
        let wait = deadline - now
        return Int32(clamping: wait / 1_000_000 + (wait % 1_000_000 == 0 ? 0 : 1))
    }
}
