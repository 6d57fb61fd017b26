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

    @Test("the dispatcher picks a variant")
    func dispatch() {
        #expect(["generic", "avx2", "avx512"].contains(String(cString: hmcp_dot_scan_variant())))
    }
}
