"""onnxruntime side of `scripts/bench embed`: the same chunks, batching and timing as the Swift run.

Usage: python embed_ort.py MODEL.onnx TOKENIZER.json CHUNKS.json SWIFT_VECTORS.f32 LABEL
Sorts by token length, pads each batch of 32 to its longest, runs 2 intra-op threads, mean-pools
over the mask and L2-normalizes; one warm-up batch, then the median of 3 passes. Also prints the
smallest cosine between its vectors and the Swift ones (raw float32, 384 per chunk). The last
line holds `ort_chunks_per_second`, `ort_chunks_per_cpu_second` (over the process's processor
time, all threads) and `ort_min_cosine` for LABEL (e.g. int8 or fp32). The pool does not spin-wait.
"""
import json
import resource
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

BATCH, MAX_LENGTH, THREADS = 32, 256, 2


def main():
    model_path, tokenizer_path, chunks_path, swift_path, label = sys.argv[1:6]
    texts = json.load(open(chunks_path))
    tokenizer = Tokenizer.from_file(tokenizer_path)
    tokenizer.enable_truncation(MAX_LENGTH)  # tokenizer.json ships max_length 128 and fixed padding
    tokenizer.no_padding()
    options = ort.SessionOptions()
    options.intra_op_num_threads = THREADS
    options.inter_op_num_threads = 1
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    # No spin-waiting in the pool between operators: on a shared host it only takes processor time
    # from the other threads, and it would count as work in the chunks per CPU-second.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = ort.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
    inputs = {i.name for i in session.get_inputs()}

    def embed(batch_texts):
        encodings = tokenizer.encode_batch(batch_texts)
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        out = np.zeros((len(batch_texts), 384), np.float32)
        for start in range(0, len(batch_texts), BATCH):
            members = order[start:start + BATCH]
            length = max(len(encodings[i].ids) for i in members)
            ids = np.zeros((len(members), length), np.int64)
            mask = np.zeros((len(members), length), np.int64)
            for row, i in enumerate(members):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, {k: v for k, v in feed.items() if k in inputs})[0]
            if hidden.ndim == 3:
                m = mask[:, :, None].astype(np.float32)
                hidden = (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)
            out[members] = hidden / np.linalg.norm(hidden, axis=1, keepdims=True)
        return out

    embed(texts[:BATCH])
    times, processor_times, vectors = [], [], None
    for _ in range(3):
        start, processor_start = time.perf_counter(), time.process_time()
        vectors = embed(texts)
        times.append(time.perf_counter() - start)
        processor_times.append(time.process_time() - processor_start)
    median = statistics.median(times)
    processor_median = statistics.median(processor_times)
    swift = np.fromfile(swift_path, dtype=np.float32).reshape(len(texts), 384)
    cosine = float((swift * vectors).sum(1).min())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"onnxruntime {ort.__version__} {label}: runs {' '.join(f'{t:.2f}s' for t in times)}; "
          f"median {len(texts) / median:.1f} chunks/s ({median * 1000 / len(texts):.1f} ms/chunk); "
          f"{len(texts) / processor_median:.1f} chunks per CPU-second; "
          f"peak RSS {peak:.0f} MiB; min cosine vs Swift {cosine:.6f}")
    print(f"ort_chunks_per_second={len(texts) / median:.1f} ort_chunks_per_cpu_second={len(texts) / processor_median:.1f} "
          f"ort_min_cosine={cosine:.6f}")


if __name__ == "__main__":
    main()
