// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "incidentd",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "incidentd", targets: ["incidentd"]),
        .library(name: "IncidentCore", targets: ["IncidentCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSystemd",
            pkgConfig: "libsystemd",
            providers: [.apt(["libsystemd-dev"])]
        ),
        .target(name: "CLinux"),
        // SHA-256's block function on the CPU's SHA extensions (pure computation, no libc).
        .target(name: "CSHA256"),
        .target(name: "Systemd", dependencies: ["CSystemd"]),
        .target(name: "IncidentCore", dependencies: ["CSHA256"]),
        .target(
            name: "IncidentDaemon",
            dependencies: [
                "CLinux",
                "IncidentCore",
                "Systemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "incidentd",
            dependencies: [
                "IncidentCore",
                "IncidentDaemon",
                "Systemd",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "incidentd-bench",
            dependencies: ["IncidentCore"],
            path: "Benchmarks/incidentd-bench"
        ),
        // The fuzz target's logic, also replayed over the saved crash corpus by the tests;
        // `make fuzz` builds `incidentd-fuzz` with libFuzzer (-sanitize=fuzzer -DFUZZING).
        .target(name: "IncidentFuzzing", dependencies: ["IncidentCore"], path: "Fuzz/IncidentFuzzing"),
        .executableTarget(name: "incidentd-fuzz", dependencies: ["IncidentFuzzing"], path: "Fuzz/incidentd-fuzz"),
        .target(name: "TestSupport", dependencies: ["IncidentCore"], path: "Tests/TestSupport"),
        .testTarget(name: "IncidentCoreTests", dependencies: ["IncidentCore", "IncidentFuzzing", "TestSupport"], exclude: ["Fixtures", "Corpus"]),
        .testTarget(
            name: "IncidentDaemonTests",
            dependencies: [
                "IncidentCore", "IncidentDaemon", "Systemd", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "Systemd"], exclude: ["Fixtures"]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("MemberImportVisibility"))
    target.swiftSettings = settings
}
