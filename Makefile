# incidentd: build, run, test and install.
#   make run                   set up, build and run the daemon on ./spool with the built-in rules
#   make test                  set up, build and run every test
#   make soak                  the crash test at 100 cycles and the 50,000-file flood (root; ~5 min)
#   make fuzz [FUZZ_SECONDS=60]  libFuzzer over the document parser and the engine
#   make install PREFIX=/usr DESTDIR=/tmp/stage [BIN=path/to/incidentd]
#                              (the D-Bus policy goes to $(PREFIX)/share/dbus-1/system.d: with
#                              PREFIX=/usr/local the system bus does not read it)

PREFIX     ?= /usr/local
SYSCONFDIR ?= /etc
DESTDIR    ?=
# The binary to install; empty builds a release binary first.
BIN        ?=
SWIFT      ?= swift
SWIFTFLAGS ?=
# Release builds link the Swift runtime and Foundation statically: the daemon's idle RSS
# drops by ~6 MiB and per-file cost by ~20 % (no PLT/GOT hops, fewer dirty relocated
# pages). RELEASEFLAGS= gives a dynamically linked build.
RELEASEFLAGS ?= --static-swift-stdlib
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

UNITDIR     = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
TMPFILESDIR = $(PREFIX)/lib/tmpfiles.d
CATALOGDIR  = $(PREFIX)/lib/systemd/catalog
RULESDIR    = $(PREFIX)/share/incidentd/rules.d
DBUSPOLICYDIR = $(PREFIX)/share/dbus-1/system.d

.PHONY: setup build release run test soak install bench bench-engine bench-daemon bench-dbus rules fuzz fuzz-build clean

# Installs the system packages the build and the tests need, only when missing.
setup:
	@missing=""; \
	pkg-config --exists libsystemd 2>/dev/null || missing="$$missing libsystemd-dev pkg-config"; \
	command -v inotifywait >/dev/null || missing="$$missing inotify-tools"; \
	command -v rg >/dev/null || missing="$$missing ripgrep"; \
	{ [ -x /lib/systemd/systemd-journald ] && command -v systemd-analyze >/dev/null; } || missing="$$missing systemd"; \
	command -v dbus-daemon >/dev/null || missing="$$missing dbus"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi

build:
	$(SWIFT) build $(SWIFTFLAGS)

release:
	$(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS)

run: setup build
	mkdir -p spool
	"$$($(SWIFT) build $(SWIFTFLAGS) --show-bin-path)/incidentd" run --spool ./spool --journal auto

test: setup build
	$(SWIFT) test $(SWIFTFLAGS)

# The crash test at full length: SOAK_CYCLES kill -9/restart cycles over SOAK_FILES reports
# (make test runs 10 cycles over 5,000), then the flood test. Prints the CRASH TEST and
# FLOOD TEST figures. SOAK_SEED repeats a run's kill moments.
SOAK_CYCLES ?= 100
SOAK_FILES  ?= 50000
SOAK_SEED   ?=
soak: setup build
	INCIDENTD_CRASH_CYCLES=$(SOAK_CYCLES) INCIDENTD_CRASH_FILES=$(SOAK_FILES) $(if $(SOAK_SEED),INCIDENTD_CRASH_SEED=$(SOAK_SEED)) \
		$(SWIFT) test $(SWIFTFLAGS) --filter 'CrashEndToEndTests|FloodEndToEndTests/aFlood'

# Engine throughput over >= 50 MB of reports, beside ripgrep on the same text.
bench: bench-engine bench-daemon

bench-engine: setup
	$(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --product incidentd-bench
	"$$($(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --show-bin-path)/incidentd-bench" --megabytes 64 \
		Tests/IncidentCoreTests/Corpus Tests/IncidentCoreTests/Fixtures

# The daemon: drop->alert latency (200 single drops), burst files/s (5,000), RSS, beside an
# inotifywait | grep pipeline; with journald (started when none runs) and stdout JSON on.
bench-daemon: setup
	$(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --product incidentd
	python3 Benchmarks/daemon-bench.py --binary "$$($(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --show-bin-path)/incidentd" \
		--seed Tests/EndToEndTests/Fixtures/seed.txt

# The D-Bus sink's cost: the daemon with the bus off, then on (private bus + a subscriber).
bench-dbus: setup
	$(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --product incidentd
	python3 Benchmarks/daemon-bench.py --dbus compare --binary "$$($(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --show-bin-path)/incidentd" \
		--seed Tests/EndToEndTests/Fixtures/seed.txt

# Fuzzing: libFuzzer (-sanitize=fuzzer) drives Fuzz/IncidentFuzzing's FuzzCase (document
# parser, engine, alert writers, name mapping, escaping) for FUZZ_SECONDS, starting from
# Fuzz/seeds plus the saved crashes. Its own scratch path keeps the fuzzer's instrumented
# build away from the normal ones; lld links it (gold fails on libFuzzer's objects).
# A crash leaves crash-* in Fuzz/crashes/: copy it into FUZZ_REGRESSIONS, fix the bug, and
# `make test` replays it from then on (FuzzRegressionTests).
FUZZ_SECONDS     ?= 60
FUZZ_SCRATCH     ?= .build/fuzz
FUZZ_REGRESSIONS  = Tests/IncidentCoreTests/Fixtures/fuzz-regressions
FUZZ_FLAGS        = -c release --scratch-path $(FUZZ_SCRATCH) -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld

fuzz-build:
	$(SWIFT) build $(FUZZ_FLAGS) --product incidentd-fuzz

fuzz: fuzz-build
	mkdir -p $(FUZZ_SCRATCH)/corpus Fuzz/crashes
	SWIFT_BACKTRACE=enable=no "$$($(SWIFT) build $(FUZZ_FLAGS) --show-bin-path)/incidentd-fuzz" \
		-max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -dict=Fuzz/incidentd.dict \
		-artifact_prefix=Fuzz/crashes/ $(FUZZ_SCRATCH)/corpus Fuzz/seeds $(FUZZ_REGRESSIONS)

# Re-embeds config/rules.d into the binary's built-in rules (a test checks they match).
rules:
	scripts/embed-rules

install:
	@bin="$(BIN)"; \
	if [ -z "$$bin" ]; then \
		$(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --product incidentd && \
		bin="$$($(SWIFT) build -c release $(SWIFTFLAGS) $(RELEASEFLAGS) --show-bin-path)/incidentd"; \
	fi; \
	install -D -m 0755 "$$bin" "$(DESTDIR)$(PREFIX)/bin/incidentd"
	install -d -m 0755 "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)$(RULESDIR)" "$(DESTDIR)$(SYSCONFDIR)/incidentd/rules.d"
	sed 's|^ExecStart=/usr/bin/incidentd|ExecStart=$(PREFIX)/bin/incidentd|' systemd/incidentd.service \
		> "$(DESTDIR)$(UNITDIR)/incidentd.service"
	chmod 0644 "$(DESTDIR)$(UNITDIR)/incidentd.service"
	install -D -m 0644 systemd/incidentd.sysusers "$(DESTDIR)$(SYSUSERSDIR)/incidentd.conf"
	install -D -m 0644 systemd/incidentd.tmpfiles "$(DESTDIR)$(TMPFILESDIR)/incidentd.conf"
	install -D -m 0644 systemd/incidentd.catalog "$(DESTDIR)$(CATALOGDIR)/incidentd.catalog"
	install -D -m 0644 systemd/org.incidentd.Incidentd1.conf "$(DESTDIR)$(DBUSPOLICYDIR)/org.incidentd.Incidentd1.conf"
	install -D -m 0644 config/incidentd.yaml "$(DESTDIR)$(SYSCONFDIR)/incidentd/incidentd.yaml"
	@for rule in config/rules.d/*.yaml; do \
		[ -e "$$rule" ] || continue; \
		install -m 0644 "$$rule" "$(DESTDIR)$(RULESDIR)/"; \
	done

clean:
	rm -rf .build spool
