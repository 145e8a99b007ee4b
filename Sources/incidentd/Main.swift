import ArgumentParser
import IncidentDaemon

#if canImport(Glibc)
import Glibc
#endif

/// The process entry point: makes the event loop the executor of every task, then runs
/// the command on it. One thread does all the work, and an idle daemon sleeps in
/// `epoll_wait` until a file, a signal or its watchdog timer wakes it.
@main
enum Main {
    static func main() throws {
        EventLoop.install()
        Task {
            await Incidentd.main()
            exit(0)
        }
        try EventLoop.shared.run()
    }
}
