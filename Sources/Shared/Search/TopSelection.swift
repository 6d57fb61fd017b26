/// Keeps the best `capacity` (score, id) pairs seen so far in a binary min-heap whose root is the
/// worst kept pair, so a pushed pair that does not beat the root costs one comparison.
///
/// Order: higher score first; equal scores go to the lower id. That total order makes every
/// selection deterministic, whatever the scan order or thread split.
struct TopSelection {
    /// Most pairs kept.
    let capacity: Int
    private var scores: [Float] = []
    private var ids: [Int] = []

    /// An empty selection of at most `capacity` pairs.
    init(capacity: Int) {
        self.capacity = max(0, capacity)
        scores.reserveCapacity(self.capacity)
        ids.reserveCapacity(self.capacity)
    }

    /// True when (`score`, `id`) ranks before (`otherScore`, `otherID`).
    @inline(__always)
    static func ranksBefore(_ score: Float, _ id: Int, _ otherScore: Float, _ otherID: Int) -> Bool {
        score > otherScore || (score == otherScore && id < otherID)
    }

    /// The score a new pair must beat (ties: a lower id) once the selection is full; -infinity before.
    var threshold: Float { scores.count < capacity ? -.infinity : scores[0] }

    /// Offers a pair.
    @inline(__always)
    mutating func push(_ score: Float, id: Int) {
        if scores.count < capacity {
            scores.append(score)
            ids.append(id)
            siftUp(scores.count - 1)
        } else if capacity > 0, Self.ranksBefore(score, id, scores[0], ids[0]) {
            scores[0] = score
            ids[0] = id
            siftDown(0)
        }
    }

    /// Offers every pair of another selection.
    mutating func merge(_ other: TopSelection) {
        for index in other.scores.indices { push(other.scores[index], id: other.ids[index]) }
    }

    /// The kept pairs, best first.
    func sorted() -> [(id: Int, score: Float)] {
        zip(ids, scores).map { (id: $0, score: $1) }.sorted { Self.ranksBefore($0.score, $0.id, $1.score, $1.id) }
    }

    /// True when the pair at `a` ranks after the pair at `b` (is worse), the heap order.
    @inline(__always)
    private func worse(_ a: Int, _ b: Int) -> Bool {
        Self.ranksBefore(scores[b], ids[b], scores[a], ids[a])
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard worse(child, parent) else { return }
            scores.swapAt(child, parent)
            ids.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < scores.count else { return }
            let right = left + 1
            let worst = right < scores.count && worse(right, left) ? right : left
            guard worse(worst, parent) else { return }
            scores.swapAt(worst, parent)
            ids.swapAt(worst, parent)
            parent = worst
        }
    }
}
