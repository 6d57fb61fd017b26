import Hummingbird

/// Assembles the routes: auth and admin at the root (all but admin behind the maintenance switch), the
/// API under `/api` behind faults, bearer check and rate limit (in that order). Paths match case-insensitively, as Halo's do.
enum SimulatorRouter {
    /// The router for `services`.
    static func build(_ services: SimulatorServices) -> Router<SimulatorContext> {
        let router = Router(context: SimulatorContext.self, options: .caseInsensitive)
        router.add(middleware: StatsMiddleware(stats: services.stats))
        router.add(middleware: MaintenanceMiddleware(injector: services.faults))
        AuthRoutes(services: services).register(on: router)
        AdminRoutes(services: services).register(on: router)
        let api = router.group("api")
            .add(middleware: FaultMiddleware(injector: services.faults))
            .add(middleware: BearerMiddleware(authorization: services.authorization, organisation: services.store.organisation, time: services.time))
            .add(middleware: RateLimitMiddleware(limiter: services.rateLimiter, time: services.time))
        TicketRoutes(services: services).register(on: api)
        ActionRoutes(services: services).register(on: api)
        ReferenceRoutes(services: services).register(on: api)
        return router
    }
}
