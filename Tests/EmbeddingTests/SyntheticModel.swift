import Foundation

@testable import Shared

/// A tiny random BERT written to a temporary directory in the layouts real models use, plus a
/// plain double-precision forward pass to check the encoder against.
struct SyntheticModel {
    /// How the model directory is laid out.
    struct Layout {
        /// Pool the `[CLS]` row (bge) instead of the mean.
        var clsPooling = false
        /// Prefix tensor names with `bert.`.
        var bertPrefix = false
        /// Ship `tokenizer.json` only, instead of `vocab.txt`.
        var tokenizerJSONOnly = false
        /// Store the weights as F16 instead of F32.
        var halfPrecision = false
        /// The `prompts` of `config_sentence_transformers.json` (no file when `nil`), e.g. E5's.
        var prompts: [String: String]? = nil
    }

    let hidden = 20, heads = 4, inner = 48, layers = 2, positions = 16, typeVocabulary = 2
    let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "ticket", "printer", "vpn", "error", "fails",
                      "the", "is", "slow", "##s", "##ing", "login", ",", ".", "!", "a", "b", "c"]
    let layout: Layout
    let directory: URL
    private(set) var tensors: [String: (shape: [Int], values: [Float])] = [:]

    /// Generates the weights and writes the directory.
    init(layout: Layout) throws {
        self.layout = layout
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-bert-\(UUID().uuidString)")
        var generator = SeededGenerator(seed: layout.clsPooling ? 11 : 12)
        func add(_ name: String, _ shape: [Int], scale: Float = 0.5, offset: Float = 0) {
            let values = (0..<shape.reduce(1, *)).map { _ in offset + Float.random(in: -scale...scale, using: &generator) }
            tensors[name] = (shape, layout.halfPrecision ? values.map { Float(Float16($0)) } : values)
        }
        add("embeddings.word_embeddings.weight", [vocabulary.count, hidden])
        add("embeddings.position_embeddings.weight", [positions, hidden])
        add("embeddings.token_type_embeddings.weight", [typeVocabulary, hidden])
        func addLinear(_ name: String, out: Int, in width: Int) {
            add(name + ".weight", [out, width])
            add(name + ".bias", [out], scale: 0.1)
        }
        func addNorm(_ name: String) {
            add(name + ".weight", [hidden], scale: 0.2, offset: 1)
            add(name + ".bias", [hidden], scale: 0.1)
        }
        addNorm("embeddings.LayerNorm")
        for layer in 0..<layers {
            let prefix = "encoder.layer.\(layer)."
            for part in ["query", "key", "value"] {
                addLinear(prefix + "attention.self.\(part)", out: hidden, in: hidden)
            }
            addLinear(prefix + "attention.output.dense", out: hidden, in: hidden)
            addNorm(prefix + "attention.output.LayerNorm")
            addLinear(prefix + "intermediate.dense", out: inner, in: hidden)
            addLinear(prefix + "output.dense", out: hidden, in: inner)
            addNorm(prefix + "output.LayerNorm")
        }
        try write()
    }

    /// Removes the directory.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write() throws {
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("1_Pooling"), withIntermediateDirectories: true)
        let config: [String: Any] = [
            "model_type": "bert", "hidden_act": "gelu", "hidden_size": hidden, "num_hidden_layers": layers,
            "num_attention_heads": heads, "intermediate_size": inner, "max_position_embeddings": positions,
            "vocab_size": vocabulary.count, "type_vocab_size": typeVocabulary, "layer_norm_eps": 1e-12,
        ]
        try writeJSON(config, "config.json")
        try writeJSON(["pooling_mode_cls_token": layout.clsPooling, "pooling_mode_mean_tokens": !layout.clsPooling], "1_Pooling/config.json")
        try writeJSON(["max_seq_length": 12, "do_lower_case": true], "sentence_bert_config.json")
        if let prompts = layout.prompts {
            try writeJSON(["prompts": prompts, "default_prompt_name": NSNull()], "config_sentence_transformers.json")
        }
        if layout.tokenizerJSONOnly {
            let vocab = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, $0) })
            try writeJSON([
                "normalizer": ["type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "lowercase": true],
                "model": ["type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                          "max_input_chars_per_word": 100, "vocab": vocab],
            ], "tokenizer.json")
        } else {
            try (vocabulary.joined(separator: "\n") + "\n").write(
                to: directory.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
        }
        try safetensors().write(to: directory.appendingPathComponent("model.safetensors"))
    }

    private func writeJSON(_ object: Any, _ name: String) throws {
        try JSONSerialization.data(withJSONObject: object).write(to: directory.appendingPathComponent(name))
    }

    /// The tensors in safetensors layout, header padded to 8 bytes.
    private func safetensors() throws -> Data {
        var header: [String: Any] = ["__metadata__": ["format": "pt"]]
        var payload = Data()
        let prefix = layout.bertPrefix ? "bert." : ""
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            let start = payload.count
            if layout.halfPrecision {
                for value in tensor.values { withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
            } else {
                for value in tensor.values { withUnsafeBytes(of: value.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
            }
            header[prefix + name] = ["dtype": layout.halfPrecision ? "F16" : "F32", "shape": tensor.shape, "data_offsets": [start, payload.count]] as [String: Any]
        }
        header[prefix + "embeddings.position_ids"] = ["dtype": "I64", "shape": [1, positions], "data_offsets": [payload.count, payload.count + 8 * positions]] as [String: Any]
        payload.append(Data(count: 8 * positions))
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        json.append(contentsOf: Array(repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(payload)
        return file
    }

    /// The unit-length sentence vector of `ids`, computed the textbook way in doubles.
    func referenceVector(_ ids: [Int32]) -> [Double] {
        func weight(_ name: String) -> [Double] { tensors[name]!.values.map(Double.init) }
        func linear(_ x: [[Double]], _ name: String, out: Int, in width: Int) -> [[Double]] {
            let w = weight(name + ".weight"), b = weight(name + ".bias")
            return x.map { row -> [Double] in
                (0..<out).map { o -> Double in
                    var sum = b[o]
                    for i in 0..<width { sum += row[i] * w[o * width + i] }
                    return sum
                }
            }
        }
        func layerNorm(_ x: [[Double]], _ name: String) -> [[Double]] {
            let gamma = weight(name + ".weight"), beta = weight(name + ".bias")
            return x.map { row in
                let mean = row.reduce(0, +) / Double(row.count)
                let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(row.count)
                return row.indices.map { (row[$0] - mean) / (variance + 1e-12).squareRoot() * gamma[$0] + beta[$0] }
            }
        }
        func add(_ a: [[Double]], _ b: [[Double]]) -> [[Double]] { zip(a, b).map { zip($0, $1).map(+) } }
        let words = weight("embeddings.word_embeddings.weight"), places = weight("embeddings.position_embeddings.weight")
        let types = weight("embeddings.token_type_embeddings.weight")
        var x = ids.enumerated().map { position, id in
            (0..<hidden).map { words[Int(id) * hidden + $0] + places[position * hidden + $0] + types[$0] }
        }
        x = layerNorm(x, "embeddings.LayerNorm")
        let size = hidden / heads
        for layer in 0..<layers {
            let prefix = "encoder.layer.\(layer)."
            let q = linear(x, prefix + "attention.self.query", out: hidden, in: hidden)
            let k = linear(x, prefix + "attention.self.key", out: hidden, in: hidden)
            let v = linear(x, prefix + "attention.self.value", out: hidden, in: hidden)
            var context = Array(repeating: Array(repeating: 0.0, count: hidden), count: ids.count)
            for head in 0..<heads {
                let columns = head * size..<(head + 1) * size
                for i in ids.indices {
                    let scores = ids.indices.map { j in columns.reduce(0.0) { $0 + q[i][$1] * k[j][$1] } / Double(size).squareRoot() }
                    let exps = scores.map { Foundation.exp($0 - scores.max()!) }
                    let total = exps.reduce(0, +)
                    for column in columns {
                        context[i][column] = ids.indices.reduce(0.0) { $0 + exps[$1] / total * v[$1][column] }
                    }
                }
            }
            x = layerNorm(add(x, linear(context, prefix + "attention.output.dense", out: hidden, in: hidden)), prefix + "attention.output.LayerNorm")
            let h = linear(x, prefix + "intermediate.dense", out: inner, in: hidden).map { row in
                row.map { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }
            }
            x = layerNorm(add(x, linear(h, prefix + "output.dense", out: hidden, in: inner)), prefix + "output.LayerNorm")
        }
        let pooled = layout.clsPooling ? x[0] : (0..<hidden).map { c in x.reduce(0.0) { $0 + $1[c] } / Double(x.count) }
        let length = pooled.reduce(0.0) { $0 + $1 * $1 }.squareRoot()
        return pooled.map { $0 / length }
    }
}
