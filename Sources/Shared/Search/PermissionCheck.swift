/// How the permission filter asks whether a user may see some tickets: a batch of ids in, an answer
/// for each id out. One call may answer many ids at once (HaloPSA's `ticketids` list filter) or ask
/// about each id on its own, a few at a time.
///
/// A check throws only for what must end the search: cancellation, or a credential HaloPSA refused
/// (so the caller can renew it and try again). Every other failure answers `.unknown` for the ids
/// it concerns.
public struct PermissionCheck: Sendable {
    /// How many ids the filter hands over per call.
    public let batchSize: Int
    private let answer: @Sendable ([Int]) async throws -> [Int: PermissionFilter.Visibility]

    /// A check answering up to `batchSize` ids per call with `answer`; ids missing from its answer
    /// count as `.unknown`.
    public init(batchSize: Int, _ answer: @escaping @Sendable ([Int]) async throws -> [Int: PermissionFilter.Visibility]) {
        self.batchSize = max(1, batchSize)
        self.answer = answer
    }

    /// A check asking about each id on its own, at most `concurrency` at once.
    public static func perTicket(
        concurrency: Int, _ check: @escaping @Sendable (Int) async throws -> PermissionFilter.Visibility
    ) -> PermissionCheck {
        let width = max(1, concurrency)
        return PermissionCheck(batchSize: width) { ids in
            try await withThrowingTaskGroup(of: (Int, PermissionFilter.Visibility).self) { group in
                var answers: [Int: PermissionFilter.Visibility] = [:]
                var next = ids.makeIterator()
                for _ in 0..<width {
                    guard let id = next.next() else { break }
                    group.addTask { (id, try await check(id)) }
                }
                while let (id, visibility) = try await group.next() {
                    answers[id] = visibility
                    try Task.checkCancellation()
                    if let id = next.next() { group.addTask { (id, try await check(id)) } }
                }
                return answers
            }
        }
    }

    /// The answer for each of `ids`.
    public func visibility(of ids: [Int]) async throws -> [Int: PermissionFilter.Visibility] {
        guard !ids.isEmpty else { return [:] }
        try Task.checkCancellation()
        return try await answer(ids)
    }
}
