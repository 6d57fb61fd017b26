"""Writes the float32 ONNX model `scripts/bench embed` runs beside the int8 one.

Usage: python embed_ort_fp32.py INT8_MODEL.onnx MODEL.safetensors OUT.onnx
The int8 export stores each weight as int8 values times a scale (Cast, then Mul, then the float
MatMul or Gather). This puts the model's own float32 weights in place of the int8 values and
makes every scale 1, so the same graph computes in float32 with the unrounded weights. Each
quantized initializer is matched to the safetensors weight it rounds (transposed for MatMul).
"""
import json
import struct
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def read_safetensors(path):
    with open(path, "rb") as file:
        size = struct.unpack("<Q", file.read(8))[0]
        header = json.loads(file.read(size))
        data = file.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or entry["dtype"] != "F32":
            continue
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype=np.float32).reshape(entry["shape"])
    return tensors


def main():
    int8_path, safetensors_path, out_path = sys.argv[1:4]
    model = onnx.load(int8_path)
    weights = read_safetensors(safetensors_path)
    initializers = {i.name: i for i in model.graph.initializer}
    replaced = 0
    for name in [n for n in initializers if n.endswith("_q")]:
        base = name[:-2]
        quantized = numpy_helper.to_array(initializers[name]).astype(np.float32)
        scale = numpy_helper.to_array(initializers[base + "_scale"])
        dequantized = quantized * scale
        candidates = [v for w in weights.values() for v in (w, w.T) if v.shape == dequantized.shape]
        best = min(candidates, key=lambda w: float(np.abs(w - dequantized).max()))
        if float(np.abs(best - dequantized).max()) > float(scale.max()):
            sys.exit(f"no float32 weight matches {name}")
        initializers[name].CopyFrom(numpy_helper.from_array(np.ascontiguousarray(best, dtype=np.float32), name))
        initializers[base + "_scale"].CopyFrom(numpy_helper.from_array(np.ones_like(scale), base + "_scale"))
        replaced += 1
    onnx.save(model, out_path)
    print(f"float32 ONNX: {replaced} weights restored into {out_path}")


if __name__ == "__main__":
    main()
