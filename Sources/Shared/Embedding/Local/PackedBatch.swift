/// Token sequences laid back to back, without padding: sequence `i` holds rows
/// `starts[i] ..< starts[i] + lengths[i]` of every activation matrix.
///
/// Equivalent to a padded batch with an attention mask (masked keys get weight exactly 0 there),
/// but no work is spent on padding rows.
struct PackedBatch: Sendable {
    /// Every token id, sequence after sequence.
    let tokens: [Int32]
    /// The first row of each sequence.
    let starts: [Int]
    /// The token count of each sequence.
    let lengths: [Int]

    /// Packs `sequences` in order.
    init(_ sequences: [[Int32]]) {
        var starts: [Int] = []
        starts.reserveCapacity(sequences.count)
        var total = 0
        for sequence in sequences {
            starts.append(total)
            total += sequence.count
        }
        self.starts = starts
        lengths = sequences.map(\.count)
        tokens = sequences.flatMap { $0 }
    }

    /// The number of sequences.
    var count: Int { lengths.count }
    /// The longest sequence's length.
    var longest: Int { lengths.max() ?? 0 }
}
