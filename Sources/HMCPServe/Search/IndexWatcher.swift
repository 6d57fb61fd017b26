import ServiceLifecycle
import Shared

/// Keeps the live index current: adopts the version `index/current` points to at start and whenever
/// it moves, until graceful shutdown.
struct IndexWatcher: Service {
    let services: SearchServices

    func run() async {
        await cancelWhenGracefulShutdown {
            await services.live.run(pollInterval: services.pollInterval, clock: services.clock)
        }
    }
}
