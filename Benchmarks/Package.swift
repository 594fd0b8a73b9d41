// swift-tools-version:6.1
import PackageDescription

// The hot paths of MotCua under ordo-one/benchmark, apart from the main package so that neither the
// server's build nor CI carries the benchmark tooling. Run from this folder:
//     swift package --allow-writing-to-directory .benchmarkBaselines benchmark
// (scripts/benchmarks runs it and prints the table BENCHMARKS.md keeps).
let package = Package(
    name: "MotCuaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "MotCua", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "MotCuaBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "MotCuaKit", package: "MotCua"),
            ],
            path: "Benchmarks/MotCuaBenchmarks",
            swiftSettings: [.swiftLanguageMode(.v6)],
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
