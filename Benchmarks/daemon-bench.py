#!/usr/bin/env python3
"""Drop→alert latency, burst throughput and memory of `incidentd run`, beside an
`inotifywait | while read; do grep; done` pipeline measured in the same run.

    Benchmarks/daemon-bench.py --binary .build/release/incidentd [--seed FILE]
                               [--singles 200] [--burst 5000] [--dbus off|compare]

The daemon runs with `--journal on --output json` (journald must be live: the running one
is used when it answers on its socket, else one is started here, as root, and stopped by
its PID at the end). Each report is the seed text with a unique line appended, so the
duplicate window does not suppress it. Latency is the time from the rename into
`incoming/` to the first alert line naming the file on the daemon's stdout (read with
poll() in this process, so the reader's own overhead is included). A burst is done when
every file of it has an alert line on stdout, confirmed then in `processed/` (the baseline
is done when grep printed a line per file).

`--dbus compare` runs the daemon twice instead of beside the pipeline: with the bus off,
then with `--dbus ADDRESS` on a private dbus-daemon started here (stopped by its PID) and a
subscriber to the Alert signal (`incidentd watch`, whose lines time drop -> signal; or
`--subscriber busctl` for `busctl monitor`), and prints the bus sink's added latency per
alert and the burst throughput of both runs.

For each burst it also prints the CPU time per file of the daemon, journald, the bus and
its subscriber, and this process (its renames and its reader): on a 2-core machine they
share two cores, so their sum bounds the files/s any daemon could reach here.
`--perf FILE` records the daemon during the burst with `perf record -g`.
"""

import argparse
import os
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

JOURNAL_SOCKET = "/run/systemd/journal/socket"
JOURNALD = "/lib/systemd/systemd-journald"


def journald_live():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    try:
        s.connect(JOURNAL_SOCKET)
        return True
    except OSError:
        return False
    finally:
        s.close()


def start_journald_if_needed():
    """The running journald, or one started here (returned, to be stopped by PID)."""
    if journald_live():
        return None
    if os.geteuid() != 0:
        sys.exit("daemon-bench: journald is not running and only root can start it")
    proc = subprocess.Popen([JOURNALD], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 5
    while not journald_live():
        if time.monotonic() > deadline or proc.poll() is not None:
            stop(proc)
            sys.exit("daemon-bench: systemd-journald did not come up")
        time.sleep(0.01)
    return proc


def journald_pid():
    """The PID of a running systemd-journald (its comm is truncated to 15 bytes), or None."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/comm") as f:
                    if f.read().strip() == "systemd-journal":
                        return int(entry)
            except OSError:
                continue
    return None


def stop(proc, sig=signal.SIGTERM, timeout=10):
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return None


def cpu_seconds(pid):
    """User + system CPU time of a process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def context_switches(pid):
    """Voluntary + involuntary context switches over all threads."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                        total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class LineReader:
    """Lines from a pipe, read with poll() in the calling thread."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = b""
        self.poller = select.poll()
        self.poller.register(fd, select.POLLIN)

    def wait_for(self, predicate, timeout):
        """Reads until a line satisfies predicate; returns (monotonic ns when read, line) or None."""
        deadline = time.monotonic() + timeout
        while True:
            while b"\n" in self.buffer:
                line, self.buffer = self.buffer.split(b"\n", 1)
                if predicate(line):
                    return time.perf_counter_ns(), line
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            if not self.poller.poll(remaining * 1000):
                continue
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return None
            self.buffer += chunk


class Drainer(threading.Thread):
    """Reads a pipe to the end in the background, counting lines (keeps the writer unblocked)
    and, given a marker, how many complete lines hold it. Counting with bytes.count keeps
    the reader's own CPU small: on 2 cores it competes with the daemon and journald."""

    def __init__(self, fd, initial=b"", marker=None):
        super().__init__(daemon=True)
        self.fd = fd
        self.lines = 0
        self.marker = marker
        self.marked = 0
        self.partial = b""
        self.stopping = False
        self.take(initial)

    def take(self, chunk):
        self.lines += chunk.count(b"\n")
        if self.marker is None:
            return
        end = chunk.rfind(b"\n")
        if end < 0:
            self.partial += chunk
            return
        self.marked += (self.partial + chunk[:end + 1]).count(self.marker)
        self.partial = chunk[end + 1:]

    def run(self):
        while not self.stopping:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if not r:
                continue
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:
                return
            self.take(chunk)


def drain_datagrams(sock):
    try:
        while sock.recv(4096):
            pass
    except OSError:
        pass


def make_reports(directory, prefix, count, seed):
    names = []
    for i in range(count):
        name = f"{prefix}-{i:05d}.txt"
        with open(os.path.join(directory, name), "wb") as f:
            f.write(seed + f"\nBenchmark report {prefix} {i} {time.time_ns()}.\n".encode())
        names.append(name)
    return names


def single_drops(staging, incoming, names, reader, match, lines=1, subscriber=None):
    """Renames each file in and waits for its `lines`-th output line (and, given a
    subscriber's reader, for as many lines there); returns latencies in ms, or a pair of
    lists with a subscriber."""
    latencies, signalled = [], []
    for name in names:
        start = time.perf_counter_ns()
        os.rename(os.path.join(staging, name), os.path.join(incoming, name))
        if subscriber:
            # Both pipes in one poll, each line stamped when read: the signal usually
            # arrives before the daemon's last stdout line.
            done = wait_for_each([reader, subscriber], lambda line: match(line, name), lines, timeout=5)
            if done is None:
                sys.exit(f"daemon-bench: no output for {name} within 5 s")
            latencies.append((done[0] - start) / 1e6)
            signalled.append((done[1] - start) / 1e6)
            continue
        for _ in range(lines):
            got = reader.wait_for(lambda line: match(line, name), timeout=5)
            if got is None:
                sys.exit(f"daemon-bench: no output for {name} within 5 s")
        latencies.append((got[0] - start) / 1e6)
    return (latencies, signalled) if subscriber else latencies


def wait_for_each(readers, predicate, lines, timeout):
    """Reads every reader's pipe in one poll loop until each has given `lines` lines that
    satisfy predicate; returns, per reader, the ns when its last such line was read."""
    poller = select.poll()
    by_fd = {r.fd: i for i, r in enumerate(readers)}
    for r in readers:
        poller.register(r.fd, select.POLLIN)
    counts = [0] * len(readers)
    stamps = [None] * len(readers)
    deadline = time.monotonic() + timeout
    while True:
        for i, r in enumerate(readers):
            while counts[i] < lines and b"\n" in r.buffer:
                line, r.buffer = r.buffer.split(b"\n", 1)
                if predicate(line):
                    # Lines are split right after each read: this is when it arrived.
                    counts[i] += 1
                    stamps[i] = time.perf_counter_ns()
        if all(c >= lines for c in counts):
            return stamps
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        for fd, _ in poller.poll(remaining * 1000):
            chunk = os.read(fd, 1 << 16)
            if chunk:
                readers[by_fd[fd]].buffer += chunk


def burst(staging, incoming, names, done, confirm=lambda: True, timeout=120):
    """Renames every file in as fast as possible, waits for `done` (polled every 2 ms: it
    must be cheap), then for `confirm` (polled the same way, usually true at once); returns
    (rename seconds, total seconds)."""
    start = time.perf_counter()
    for name in names:
        os.rename(os.path.join(staging, name), os.path.join(incoming, name))
    renamed = time.perf_counter()
    deadline = time.monotonic() + timeout
    for predicate in (done, confirm):
        while not predicate():
            if time.monotonic() > deadline:
                sys.exit("daemon-bench: burst not finished within %d s" % timeout)
            time.sleep(0.002)
    return renamed - start, time.perf_counter() - start


def start_profiler(output, pid):
    """`perf record -g` of the daemon for the burst (--perf), or None."""
    if not output:
        return None
    profiler = subprocess.Popen(["perf", "record", "-g", "-F", "4999", "-o", output, "-p", str(pid)],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)  # perf attaches
    return profiler


def count_entries(path):
    with os.scandir(path) as it:
        return sum(1 for _ in it)


def start_private_bus(work, subscriber="busctl", binary=None):
    """A dbus-daemon on a private socket and an Alert subscriber; returns (bus, monitor, address).

    The subscriber is `busctl monitor` (a monitor connection: the bus copies every matching
    message to it and busctl decodes each in full) or `incidentd watch` (an ordinary match
    rule, as a program that wants the alerts would subscribe)."""
    address = "unix:path=" + os.path.join(work, "bus.sock")
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1", "--address=" + address],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    if LineReader(bus.stdout.fileno()).wait_for(lambda line: b"unix:" in line, timeout=5) is None:
        stop(bus, signal.SIGKILL)
        sys.exit("daemon-bench: dbus-daemon did not start")
    if subscriber == "watch":
        command = [binary, "watch", "--bus", address, "--output", "json"]
    else:
        command = ["busctl", "--address=" + address, "monitor", "--match", "type='signal',member='Alert'"]
    # `incidentd watch` prints each alert as a JSON line: read, it times drop -> signal.
    monitor = subprocess.Popen(command, stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               stdout=subprocess.PIPE if subscriber == "watch" else subprocess.DEVNULL)
    return bus, monitor, address


def wait_for_bus_name(address, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        call = subprocess.run(["busctl", "--address=" + address, "call", "org.incidentd.Incidentd1",
                               "/org/incidentd/Incidentd1", "org.incidentd.Incidentd1", "GetStatus"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if call.returncode == 0:
            return
        time.sleep(0.05)
    sys.exit("daemon-bench: the daemon did not own its name on the private bus")


def run_daemon(args, work, seed, dbus="off", lines=1, perf=None, others=None, subscriber=None):
    spool = os.path.join(work, "spool")
    notify_path = os.path.join(work, "notify.sock")
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(notify_path)
    env = dict(os.environ, NOTIFY_SOCKET=notify_path, SWIFT_BACKTRACE="enable=no")
    env.pop("WATCHDOG_USEC", None)
    daemon = subprocess.Popen(
        [args.binary, "run", "--spool", spool, "--journal", args.journal, "--output", "json", "--dbus", dbus],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=open(os.path.join(work, "daemon.stderr"), "wb"), env=env)
    results = {}
    profiler = None
    try:
        # READY=1, then keep draining the notify socket (its queue holds only a few datagrams).
        notify.settimeout(10)
        while b"READY=1" not in notify.recv(4096):
            pass
        notify.settimeout(None)
        threading.Thread(target=drain_datagrams, args=(notify,), daemon=True).start()

        staging, incoming, processed = (os.path.join(spool, d) for d in ("tmp", "incoming", "processed"))
        if dbus != "off":
            wait_for_bus_name(dbus)
        time.sleep(1)
        results["rss_idle"] = status_kb(daemon.pid, "VmRSS")
        before = context_switches(daemon.pid)
        time.sleep(3)
        results["idle_switches"] = context_switches(daemon.pid) - before

        reader = LineReader(daemon.stdout.fileno())
        match = lambda line, name: b"/" + name.encode() + b'"' in line  # noqa: E731
        listener = LineReader(subscriber.fileno()) if subscriber else None
        single_drops(staging, incoming, make_reports(staging, "warm", 10, seed), reader, match, lines, listener)
        results["latency"] = single_drops(
            staging, incoming, make_reports(staging, "drop", args.singles, seed), reader, match, lines, listener)
        if listener:
            results["latency"], results["signal_latency"] = results["latency"]
        results["rss_after_singles"] = status_kb(daemon.pid, "VmRSS")

        names = make_reports(staging, "burst", args.burst, seed)
        # Done when stdout holds every alert of every burst file (each raises the seed's
        # alerts; the baseline is done when grep printed a line per file), then confirmed
        # once in processed/: listing
        # 5,000+ entries every 2 ms would take a good part of a core from the daemon and
        # journald on a 2-core machine. A file's last alert line comes just before its move.
        drainer = Drainer(daemon.stdout.fileno(), reader.buffer, marker=b'"name":"burst-')
        drainer.start()
        if listener:
            # Keeps the subscriber's pipe flowing during the burst.
            listened = Drainer(subscriber.fileno(), listener.buffer)
            listened.start()
        already = count_entries(processed)
        # The CPU the other processes on the path spend in the burst: journald, the bus and
        # its subscriber, and this process (its renames and reader; on 2 cores they all compete).
        profiler = start_profiler(perf, daemon.pid)
        others = dict(others or {}, journald=args.journald_pid or journald_pid())
        others_before = {name: cpu_seconds(pid) for name, pid in others.items() if pid}
        reader_before = sum(os.times()[:2])
        cpu_before = cpu_seconds(daemon.pid)
        switches_before = {"daemon": context_switches(daemon.pid)}
        if others.get("journald"):
            switches_before["journald"] = context_switches(others["journald"])
        results["burst"] = burst(staging, incoming, names, lambda: drainer.marked >= len(names) * args.alerts_per_file,
                                 confirm=lambda: count_entries(processed) >= already + len(names))
        results["burst_cpu"] = cpu_seconds(daemon.pid) - cpu_before
        results["burst_switches"] = {
            name: context_switches(daemon.pid if name == "daemon" else others[name]) - before
            for name, before in switches_before.items()}
        results["burst_others"] = {name: cpu_seconds(others[name]) - before for name, before in others_before.items()}
        results["burst_others"]["bench (renames + reader)"] = sum(os.times()[:2]) - reader_before
        drainer.stopping = True
        drainer.join()
        if listener:
            listened.stopping = True
            listened.join()
        results["rss_peak"] = status_kb(daemon.pid, "VmHWM")
        results["rss_after_burst"] = status_kb(daemon.pid, "VmRSS")
        results["failed"] = count_entries(os.path.join(spool, "failed"))
    finally:
        stop(profiler, signal.SIGINT)
        stop(daemon)
        notify.close()
    results["exit"] = daemon.returncode
    return results


def run_baseline(args, work, seed):
    watched = os.path.join(work, "baseline")
    staging = os.path.join(work, "baseline-staging")
    os.makedirs(watched)
    os.makedirs(staging)
    script = ('inotifywait -m -e close_write,moved_to --format %f "$1" | '
              'while read f; do grep -c -i -E \'embass|killed\' "$1/$f"; done')
    pipeline = subprocess.Popen(
        ["bash", "-c", script, "baseline", watched], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    results = {}
    try:
        # inotifywait says "Watches established." on stderr once it watches.
        err = LineReader(pipeline.stderr.fileno())
        if err.wait_for(lambda line: b"Watches established" in line, timeout=10) is None:
            sys.exit("daemon-bench: inotifywait did not start")
        threading.Thread(target=lambda: [None for _ in iter(lambda: os.read(pipeline.stderr.fileno(), 4096), b"")],
                         daemon=True).start()
        reader = LineReader(pipeline.stdout.fileno())
        any_line = lambda line, name: True  # noqa: E731  sequential drops: the next line is this file's
        single_drops(staging, watched, make_reports(staging, "warm", 10, seed), reader, any_line)
        results["latency"] = single_drops(staging, watched, make_reports(staging, "drop", args.singles, seed), reader, any_line)
        names = make_reports(staging, "burst", args.burst, seed)
        drainer = Drainer(pipeline.stdout.fileno(), reader.buffer)
        drainer.start()
        results["burst"] = burst(staging, watched, names, lambda: drainer.lines >= len(names))
        drainer.stopping = True
        drainer.join()
    finally:
        # The pipeline's own session: inotifywait, bash and grep, all started here.
        try:
            os.killpg(pipeline.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        pipeline.wait()
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", required=True, help="the incidentd binary (a release build)")
    parser.add_argument("--seed", default="Tests/EndToEndTests/Fixtures/seed.txt")
    parser.add_argument("--singles", type=int, default=200)
    parser.add_argument("--burst", type=int, default=5000)
    parser.add_argument("--journal", default="on", choices=["on", "off"],
                        help="the daemon's journal sink (off only to see what journald costs)")
    parser.add_argument("--dbus", default="off", choices=["off", "compare"],
                        help="compare: the daemon with the bus off, then on (private bus + subscriber)")
    parser.add_argument("--subscriber", choices=["busctl", "watch"], default="watch",
                        help="the Alert subscriber with --dbus compare: busctl monitor or incidentd watch")
    parser.add_argument("--perf", metavar="FILE",
                        help="record the daemon's burst with `perf record -g` into FILE (with --dbus compare: FILE.off, FILE.on)")
    args = parser.parse_args()
    if shutil.which("inotifywait") is None:
        sys.exit("daemon-bench: inotifywait is missing (make setup installs inotify-tools)")
    with open(args.seed, "rb") as f:
        seed = f.read()
    # Every burst file is the seed plus a unique line: it raises the seed's alerts.
    evaluated = subprocess.run([args.binary, "eval", "--output", "json", args.seed], capture_output=True, check=True)
    args.alerts_per_file = evaluated.stdout.count(b"\n")
    if args.alerts_per_file == 0:
        sys.exit("daemon-bench: the seed raises no alert")

    journald = start_journald_if_needed()
    args.journald_pid = journald.pid if journald else None
    work = tempfile.mkdtemp(prefix="incidentd-bench.")
    if args.dbus == "compare":
        try:
            compare_bus(args, work, seed, journald)
        finally:
            stop(journald)
            shutil.rmtree(work, ignore_errors=True)
        return
    try:
        daemon = run_daemon(args, work, seed, perf=args.perf)
        baseline = run_baseline(args, work, seed)
    finally:
        stop(journald)
        shutil.rmtree(work, ignore_errors=True)

    def row(name, value, target=""):
        print(f"  {name:<44} {value:>14}   {'':>16}   {target}")

    d, b = daemon["latency"], baseline["latency"]
    n = args.burst
    print(f"incidentd daemon benchmark ({os.cpu_count()} CPUs; journald {'started here' if journald else 'running'}; "
          f"--journal {args.journal} --output json; {args.singles} single drops, burst of {n})")
    print(f"  {'':<44} {'incidentd':>14}   {'inotifywait|grep':>16}   target")
    for label, pd, pb, target in [
        ("drop -> alert latency p50 (ms)", percentile(d, 50), percentile(b, 50), "<= 0.3"),
        ("drop -> alert latency p90 (ms)", percentile(d, 90), percentile(b, 90), ""),
        ("drop -> alert latency p99 (ms)", percentile(d, 99), percentile(b, 99), "<= 1"),
        ("drop -> alert latency max (ms)", max(d), max(b), ""),
        ("drop -> alert latency mean (ms)", statistics.mean(d), statistics.mean(b), ""),
    ]:
        print(f"  {label:<44} {pd:>14.3f}   {pb:>16.3f}   {target}")
    print(f"  {'burst: files/s until all processed':<44} {n / daemon['burst'][1]:>14.0f}   "
          f"{n / baseline['burst'][1]:>16.0f}   >= 10000")
    print(f"  {'burst: total seconds (renames took)':<44} "
          f"{'%.2f (%.2f)' % daemon['burst'][::-1]:>14}   {'%.2f (%.2f)' % baseline['burst'][::-1]:>16}")
    for name, seconds in daemon["burst_others"].items():
        row(f"burst: {name} CPU per file (us)", f"{seconds / n * 1e6:.0f}")
    row("burst: daemon CPU per file (us)", f"{daemon['burst_cpu'] / n * 1e6:.0f}")
    for name, count in daemon["burst_switches"].items():
        row(f"burst: {name} context switches per file", f"{count / n:.2f}")
    row("RSS idle after start (VmRSS, MiB)", f"{daemon['rss_idle'] / 1024:.1f}", "<= 10")
    row("RSS after the single drops (VmRSS, MiB)", f"{daemon['rss_after_singles'] / 1024:.1f}")
    row("RSS peak after the burst (VmHWM, MiB)", f"{daemon['rss_peak'] / 1024:.1f}")
    row("RSS after the burst (VmRSS, MiB)", f"{daemon['rss_after_burst'] / 1024:.1f}")
    row("context switches in 3 s idle (all threads)", str(daemon["idle_switches"]), "0 without WATCHDOG_USEC")
    row("files in failed/", str(daemon["failed"]), "0")
    row("daemon exit status after SIGTERM", str(daemon["exit"]), "0")


def compare_bus(args, work, seed, journald):
    os.makedirs(os.path.join(work, "off"))
    os.makedirs(os.path.join(work, "on"))
    # Latency to the file's *last* alert line (the seed raises two).
    lines = args.alerts_per_file
    off = run_daemon(args, os.path.join(work, "off"), seed, "off", lines=lines, perf=args.perf and args.perf + ".off")
    bus, monitor, address = start_private_bus(os.path.join(work, "on"), args.subscriber, args.binary)
    try:
        on = run_daemon(args, os.path.join(work, "on"), seed, address, lines=lines, perf=args.perf and args.perf + ".on",
                        others={"dbus-daemon": bus.pid, "subscriber": monitor.pid}, subscriber=monitor.stdout)
    finally:
        stop(monitor, signal.SIGKILL)
        stop(bus, signal.SIGKILL)
    n = args.burst
    alerts_per_file = args.alerts_per_file
    print(f"incidentd D-Bus benchmark ({os.cpu_count()} CPUs; journald {'started here' if journald else 'running'}; "
          f"--journal {args.journal} --output json; {args.singles} single drops, burst of {n}; "
          f"bus on = private dbus-daemon + one Alert subscriber: {'incidentd watch' if args.subscriber == 'watch' else 'busctl monitor'})")
    print(f"  {'':<44} {'bus off':>12}   {'bus on':>12}   {'change':>8}")
    for label, key, p in [("drop -> last alert latency p50 (ms)", "latency", 50),
                          ("drop -> last alert latency p90 (ms)", "latency", 90),
                          ("drop -> last alert latency p99 (ms)", "latency", 99)]:
        a, b = percentile(off[key], p), percentile(on[key], p)
        print(f"  {label:<44} {a:>12.3f}   {b:>12.3f}   {(b - a) / a * 100:>+7.1f}%")
    if "signal_latency" in on:
        for p in (50, 90, 99):
            print(f"  {'drop -> last Alert at subscriber p%d (ms)' % p:<44} {'':>12}   "
                  f"{percentile(on['signal_latency'], p):>12.3f}")
    a, b = statistics.mean(off["latency"]), statistics.mean(on["latency"])
    print(f"  {'drop -> last alert latency mean (ms)':<44} {a:>12.3f}   {b:>12.3f}   {(b - a) / a * 100:>+7.1f}%")
    print(f"  {'bus sink added latency per alert (us, p50)':<44} {'':>12}   "
          f"{(percentile(on['latency'], 50) - percentile(off['latency'], 50)) * 1000 / alerts_per_file:>12.1f}")
    ra, rb = n / off["burst"][1], n / on["burst"][1]
    print(f"  {'bus sink cost per alert in the burst (us)':<44} {'':>12}   "
          f"{(on['burst'][1] - off['burst'][1]) / n / alerts_per_file * 1e6:>12.1f}")
    print(f"  {'burst: files/s until all processed':<44} {ra:>12.0f}   {rb:>12.0f}   {(rb - ra) / ra * 100:>+7.1f}%   target within 10 %")
    ca, cb = off["burst_cpu"] / n * 1e6, on["burst_cpu"] / n * 1e6
    print(f"  {'daemon CPU per file in the burst (us)':<44} {ca:>12.0f}   {cb:>12.0f}   {(cb - ca) / ca * 100:>+7.1f}%")
    for name in on["burst_others"]:
        a = off["burst_others"].get(name)
        b = on["burst_others"][name] / n * 1e6
        print(f"  {name + ' CPU per file in the burst (us)':<44} {'' if a is None else '%.0f' % (a / n * 1e6):>12}   {b:>12.0f}")
    print(f"  {'RSS idle (VmRSS, MiB)':<44} {off['rss_idle'] / 1024:>12.1f}   {on['rss_idle'] / 1024:>12.1f}")
    print(f"  {'files in failed/, exit status':<44} {str(off['failed']) + ', ' + str(off['exit']):>12}   "
          f"{str(on['failed']) + ', ' + str(on['exit']):>12}")


if __name__ == "__main__":
    main()
