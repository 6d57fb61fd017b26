import Foundation
import Testing

@testable import Shared

/// The encoder's arithmetic: int8 where the CPU and the model allow it, float32 elsewhere or when
/// asked, each against the reference vectors.
@Suite struct PrecisionTests {
    @Test(.enabled(if: Int8Kernels.cpuSupportsInt8, "this CPU lacks AVX-512 VNNI"))
    func int8EmbeddingsMatchTheReferenceToACosineOf0999() async throws {
        let reference = try TestResources.reference()
        let embedder = try TestResources.int8Embedder()
        #expect(embedder.precision == .int8)
        let matrix = try await embedder.embed(reference.texts, role: .document)
        for (index, expected) in reference.embeddings.enumerated() {
            #expect(cosine(matrix.row(index), expected) >= 0.999, "text \(index)")
        }
    }

    @Test(.enabled(if: Int8Kernels.cpuSupportsInt8, "this CPU lacks AVX-512 VNNI"))
    func int8VectorsDoNotDependOnBatching() async throws {
        let reference = try TestResources.reference()
        let embedder = try TestResources.int8Embedder()
        let together = try await embedder.embed(reference.texts, role: .document)
        for index in [0, 8, 20] {
            let alone = try await embedder.embed([reference.texts[index]], role: .document)
            #expect(alone.row(0) == together.row(index), "text \(index)")
        }
    }

    @Test func autoTakesInt8OnlyWhereTheCPUHasIt() throws {
        #expect(try TestResources.loadEmbedder(precision: .auto, cpuHasInt8: true).precision == .int8)
        #expect(try TestResources.loadEmbedder(precision: .auto, cpuHasInt8: false).precision == .fp32)
    }

    @Test func aCPUWithoutInt8FallsBackToFloat32ReferenceVectors() async throws {
        let reference = try TestResources.reference()
        let embedder = try TestResources.loadEmbedder(precision: .auto, cpuHasInt8: false)
        #expect(embedder.precision == .fp32)
        let matrix = try await embedder.embed(reference.texts, role: .document)
        for (index, expected) in reference.embeddings.enumerated() {
            #expect(cosine(matrix.row(index), expected) >= 0.9999, "text \(index)")
        }
    }

    @Test func fp32IsKeptOnAnyCPU() throws {
        #expect(try TestResources.loadEmbedder(precision: .fp32, cpuHasInt8: true).precision == .fp32)
    }

    @Test func int8OnACPUWithoutItIsAnErrorNamingTheSetting() throws {
        let error = #expect(throws: EmbeddingError.self) {
            try TestResources.loadEmbedder(precision: .int8, cpuHasInt8: false)
        }
        #expect(error.map { "\($0)" }?.contains("HMCP_EMBED_PRECISION") == true)
    }

    @Test func aHeadSizeTheKernelCannotTakeFallsBackToFloat32() throws {
        let model = try SyntheticModel(layout: .init())
        defer { model.remove() }
        let auto = try LocalEmbedder(
            directory: model.directory.path, maxLength: nil, batchSize: 4, workers: 1, queryPrefix: nil, documentPrefix: nil,
            precision: .auto, cpuHasInt8: true)
        #expect(auto.precision == .fp32)
        #expect(throws: EmbeddingError.self) {
            try LocalEmbedder(
                directory: model.directory.path, maxLength: nil, batchSize: 4, workers: 1, queryPrefix: nil,
                documentPrefix: nil, precision: .int8, cpuHasInt8: true)
        }
    }

    @Test func theSettingIsReadFromTheEnvironmentAndDefaultsToAuto() throws {
        #expect(try EmbeddingSettings(values: ConfigurationValues(environment: [:])).precision == .auto)
        let fp32 = try EmbeddingSettings(values: ConfigurationValues(environment: ["HMCP_EMBED_PRECISION": "FP32"]))
        #expect(fp32.precision == .fp32)
        #expect(throws: ConfigurationError.self) {
            try EmbeddingSettings(values: ConfigurationValues(environment: ["HMCP_EMBED_PRECISION": "bf16"]))
        }
    }
}
