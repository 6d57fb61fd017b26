import Foundation

/// Loads a dataset from a JSON file in Halo's own shapes (see `load`).
enum FixtureLoader {
    /// Reads `path`; throws `SimulatorStartError` naming the problem.
    static func load(_ path: String) throws -> Dataset {
        throw SimulatorStartError("fixture loading is not available yet (\(path))")
    }
}
