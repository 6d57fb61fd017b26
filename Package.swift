// swift-tools-version:6.1
import PackageDescription

/// hmcp: a HaloPSA MCP server (hmcp-serve), its batch indexer (hmcp-index) and a HaloPSA simulator (halo-sim).
///
/// The executables are thin: each parses its arguments and configuration and runs services
/// built from the libraries, so every behaviour can be reached from a test.
/// - `Shared`: configuration, the HaloPSA client, chunking, embedding, the index format, search, crypto, storage.
/// - `HMCPCommandLine`: the command-line options every program shares (`--env-file`, `--set`).
/// - `HMCPIndex`: indexer runs, publishing, the re-embed queue, the webhook listener.
/// - `HMCPServe`: MCP transports, the OAuth 2.1 relay, the tool table.
/// - `HaloSim`: the HaloPSA simulator (independent of `Shared` on purpose: it is the client's peer, not its mirror).
let package = Package(
    name: "hmcp",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "hmcp-index", targets: ["hmcp-index"]),
        .executable(name: "hmcp-serve", targets: ["hmcp-serve"]),
        .executable(name: "halo-sim", targets: ["halo-sim"]),
        .executable(name: "hmcp-bench", targets: ["hmcp-bench"]),
        .library(name: "Shared", targets: ["Shared"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "CSearchKernels", path: "Sources/CSearchKernels"),
        .target(name: "CEmbeddingKernels", path: "Sources/CEmbeddingKernels"),
        .target(
            name: "Shared",
            dependencies: [
                "CBLAS",
                "CSearchKernels",
                "CEmbeddingKernels",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]
        ),
        .target(
            name: "HMCPCommandLine",
            dependencies: ["Shared", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .target(
            name: "HMCPIndex",
            dependencies: [
                "Shared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "HMCPServe",
            dependencies: [
                "Shared",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "HaloSim",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "hmcp-index",
            dependencies: ["HMCPIndex", "HMCPCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "hmcp-serve",
            dependencies: ["HMCPServe", "HMCPCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "halo-sim",
            dependencies: ["HaloSim", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "hmcp-bench",
            dependencies: [
                "Shared", "HMCPCommandLine", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        // Helpers shared by the test targets: a simulator harness, a loopback embeddings service, process control.
        .target(
            name: "HMCPTesting",
            dependencies: [
                "Shared", "HaloSim",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Tests/HMCPTesting"
        ),
        .testTarget(name: "HaloClientTests", dependencies: ["Shared", "HMCPCommandLine", "HaloSim", "HMCPTesting"]),
        .testTarget(
            name: "HaloSimTests",
            dependencies: [
                "HaloSim",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "EmbeddingTests",
            dependencies: [
                "Shared", "HMCPTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "IndexTests", dependencies: ["Shared", "HMCPIndex", "HaloSim", "HMCPTesting"]),
        .testTarget(name: "SearchTests", dependencies: ["Shared", "HMCPTesting"]),
        .testTarget(
            name: "ServeTests",
            dependencies: [
                "Shared", "HMCPServe", "HMCPIndex", "HaloSim", "HMCPTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["__toolsnaps__"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
