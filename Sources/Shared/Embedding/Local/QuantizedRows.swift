/// Activation rows quantized to 16-bit integers for one matrix product, with each row's scale.
/// A view into an `EncoderWorkspace`'s buffers.
struct QuantizedRows {
    let values: UnsafeMutablePointer<Int16>
    let scales: UnsafeMutablePointer<Float>
}
