import CoreMetrics
import Prometheus

/// The process's swift-metrics backend: one Prometheus registry, bootstrapped on first use (swift-metrics
/// allows one bootstrap per process, so every server of a process shares it). Durations go into
/// histograms with buckets from 1 ms to 60 s.
enum MetricsBackend {
    /// Histogram buckets of every duration, in seconds.
    static let durationBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30),
        .seconds(60),
    ]

    /// The registry `/metrics` renders.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = durationBuckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}
