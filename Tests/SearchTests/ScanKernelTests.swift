import CSearchKernels
import Testing

@Suite("Single-query scan kernels")
struct ScanKernelTests {
    @Test("every variant computes the dot products, and equal rows score equally wherever they sit",
          arguments: ["generic", "avx2", "avx512"])
    func variant(_ name: String) throws {
        for stride in [16, 48, 384] {
            var random = SeededVectors(seed: UInt64(stride))
            let count = 23
            var rows = (0..<count).flatMap { _ in random.unitVector(stride) }
            for copy in [5, 6, 22] { rows.replaceSubrange(copy * stride ..< (copy + 1) * stride, with: rows[0..<stride]) }
            let query = random.unitVector(stride)
            var scores = [Float](repeating: .nan, count: count)
            let ran = rows.withUnsafeBufferPointer { rowPointer in
                query.withUnsafeBufferPointer { queryPointer in
                    scores.withUnsafeMutableBufferPointer { scorePointer in
                        hmcp_dot_scan_using(name, rowPointer.baseAddress, count, stride, queryPointer.baseAddress, scorePointer.baseAddress)
                    }
                }
            }
            guard ran == 1 else { return }
            for row in 0..<count {
                let expected = (0..<stride).reduce(0.0) { $0 + Double(rows[row * stride + $1]) * Double(query[$1]) }
                #expect(abs(Double(scores[row]) - expected) < 1e-5, "\(name) stride \(stride) row \(row)")
            }
            #expect(scores[5] == scores[0] && scores[6] == scores[0] && scores[22] == scores[0], "\(name) stride \(stride)")
        }
    }

    @Test("the first score at or above a floor is found from any start, in full groups of sixteen and in the tail")
    func firstAtLeast() {
        var random = SeededVectors(seed: 9)
        let scores = (0..<100).map { _ in random.next() }
        for start in [0, 1, 15, 16, 17, 63, 99, 100] {
            for floor: Float in [-.infinity, -0.5, 0, 0.9, 0.999, 2] {
                let expected = (start..<100).first { scores[$0] >= floor } ?? 100
                #expect(hmcp_first_at_least(scores, start, 100, floor) == expected, "start \(start), floor \(floor)")
            }
        }
        #expect(hmcp_first_at_least(scores, 40, 40, -.infinity) == 40)
    }

    @Test("the dispatcher picks a variant")
    func dispatch() {
        #expect(["generic", "avx2", "avx512"].contains(String(cString: hmcp_dot_scan_variant())))
    }
}
