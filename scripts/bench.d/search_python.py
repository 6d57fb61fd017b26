"""Exact top-k search with numpy and faiss on the matrix hmcp-bench wrote, for `scripts/bench search`.

Usage:
  search_python.py truth MATRIX QUERIES K TRUTH                   exact top-k rows of every query (numpy, float32)
  search_python.py run TOOL THREADS MATRIX QUERIES K REPS TRUTH    TOOL: numpy | faiss | faiss-blas | faiss-sq16
  search_python.py recall TRUTH IDS_JSON                          recall@k of the rows in IDS_JSON
  search_python.py summary RESULTS_JSONL MATRIX_BYTES             the side-by-side table and the ratios
Each `run` is its own process (so threads and memory are its own) and prints one JSON line:
{"tool", "threads", "nq1_ms", "batch_ms", "queries", "recall", "anon_mib"}.
faiss-blas sets distance_compute_blas_threshold=0, forcing its sgemm path for any batch size;
faiss-sq16 is IndexScalarQuantizer with QT_fp16 (half-precision storage, approximate scores).
"""
import json
import os
import statistics
import sys
import time


def load_matrix(path):
    import numpy as np
    header = np.fromfile(path, dtype=np.uint32, count=16)
    dim, stride = int(header[5]), int(header[6])
    rows = int(np.fromfile(path, dtype=np.uint64, count=8)[4])
    full = np.memmap(path, dtype=np.float32, mode="r", offset=64, shape=(rows, stride))
    return full[:, :dim]


def load_queries(path, dim):
    import numpy as np
    return np.fromfile(path, dtype=np.float32).reshape(-1, dim)


def memory():
    out = {}
    for line in open("/proc/self/status"):
        key, _, value = line.partition(":")
        if key == "RssAnon":
            out[key] = int(value.split()[0]) // 1024
    return out


def median_ms(search, queries, reps):
    search(queries)
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        result = search(queries)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3, result


def run(tool, threads, matrix_path, queries_path, k, reps, truth_path):
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(threads)
    import numpy as np
    mapped = load_matrix(matrix_path)
    queries = load_queries(queries_path, mapped.shape[1])
    matrix = np.ascontiguousarray(mapped)
    if tool == "numpy":
        def search(q):
            scores = matrix @ q[0] if len(q) == 1 else q @ matrix.T
            scores = scores.reshape(len(q), -1)
            top = np.argpartition(-scores, k, axis=1)[:, :k]
            order = np.argsort(-np.take_along_axis(scores, top, 1), axis=1)
            return np.take_along_axis(top, order, 1)
    else:
        import faiss
        faiss.omp_set_num_threads(threads)
        if tool == "faiss-blas":
            faiss.cvar.distance_compute_blas_threshold = 0
        if tool == "faiss-sq16":
            index = faiss.IndexScalarQuantizer(matrix.shape[1], faiss.ScalarQuantizer.QT_fp16, faiss.METRIC_INNER_PRODUCT)
        else:
            index = faiss.IndexFlatIP(matrix.shape[1])
        index.add(matrix)
        del matrix

        def search(q):
            return index.search(q, k)[1]
    single, _ = median_ms(search, queries[:1], reps)
    batch, ids = median_ms(search, queries, reps)
    mem = memory()
    print(json.dumps({"tool": tool, "threads": threads, "nq1_ms": single, "batch_ms": batch, "queries": len(queries),
                      "recall": recall(truth_path, ids.tolist()), "anon_mib": mem["RssAnon"]}))


def truth(matrix_path, queries_path, k, out):
    import numpy as np
    matrix = load_matrix(matrix_path)
    queries = load_queries(queries_path, matrix.shape[1])
    scores = queries @ np.asarray(matrix).T
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(scores, top, 1), axis=1)
    json.dump(np.take_along_axis(top, order, 1).tolist(), open(out, "w"))


def recall(truth_path, ids):
    expected = json.load(open(truth_path))
    hits = sum(len(set(got) & set(want)) for got, want in zip(ids, expected))
    return hits / sum(len(want) for want in expected)


def summary(results_path, matrix_bytes):
    results = [json.loads(line) for line in open(results_path) if line.strip()]
    gb = matrix_bytes / 1e9
    print(f"{'tool':<16}{'threads':>8}{'nq=1 ms':>12}{'GB/s':>8}{'batch ms':>12}{'ms/query':>10}{'GB/s':>8}{'recall@k':>10}{'anon MiB':>10}")
    for r in results:
        print(f"{r['tool']:<16}{r['threads']:>8}{r['nq1_ms']:>12.2f}{gb / r['nq1_ms'] * 1e3:>8.2f}{r['batch_ms']:>12.2f}"
              f"{r['batch_ms'] / r['queries']:>10.2f}{gb / r['batch_ms'] * 1e3:>8.2f}{r['recall']:>10.3f}{r['anon_mib']:>10}")
    ours = [r for r in results if r["tool"] == "hmcp"]
    swift_single = statistics.median(r["nq1_ms"] for r in ours)
    swift_single_f32 = statistics.median(r["nq1_ms"] for r in results if r["tool"] == "hmcp-f32")
    swift_batch = statistics.median(r["batch_ms"] for r in ours)
    faiss_single = min(r["nq1_ms"] for r in results if r["tool"] == "faiss")
    sq16_single = min(r["nq1_ms"] for r in results if r["tool"] == "faiss-sq16")
    faiss_batch = min(r["batch_ms"] for r in results if r["tool"] == "faiss-blas")
    print(f"hmcp single-query recall (float16 scan, float32 re-scoring): {min(r['single_recall'] for r in ours):.3f} (target 1.000)")
    print(f"ratio 1 query, hmcp float16 / best faiss IndexFlatIP:   {swift_single / faiss_single:.2f}x "
          f"({swift_single:.2f} vs {faiss_single:.2f} ms; target <= 0.6x)")
    print(f"ratio 1 query, hmcp float16 / best faiss SQfp16:        {swift_single / sq16_single:.2f}x "
          f"({swift_single:.2f} vs {sq16_single:.2f} ms; target <= 1.0x)")
    print(f"ratio 1 query, hmcp float32 / best faiss IndexFlatIP:   {swift_single_f32 / faiss_single:.2f}x "
          f"({swift_single_f32:.2f} vs {faiss_single:.2f} ms)")
    swift_batch_f32 = statistics.median(r["batch_ms"] for r in results if r["tool"] == "hmcp-f32")
    print(f"ratio batch, hmcp float16 / best faiss with BLAS forced: {swift_batch / faiss_batch:.2f}x "
          f"({swift_batch:.2f} vs {faiss_batch:.2f} ms; target <= 0.8x)")
    print(f"ratio batch, hmcp float32 / best faiss with BLAS forced: {swift_batch_f32 / faiss_batch:.2f}x "
          f"({swift_batch_f32:.2f} vs {faiss_batch:.2f} ms)")
    print(f"hmcp anonymous memory: {max(r['anon_mib'] for r in ours)} MiB beside the mapped matrix (target <= 150 MiB)")


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "run":
        run(sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], int(sys.argv[6]), int(sys.argv[7]), sys.argv[8])
    elif command == "truth":
        truth(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
    elif command == "recall":
        print(f"{recall(sys.argv[2], json.load(open(sys.argv[3]))):.3f}")
    elif command == "summary":
        summary(sys.argv[2], float(sys.argv[3]))
    else:
        raise SystemExit(__doc__)
