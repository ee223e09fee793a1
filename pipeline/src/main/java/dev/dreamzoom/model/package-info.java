/**
 * Networks: {@link dev.dreamzoom.model.ModelCatalog} and {@link dev.dreamzoom.model.ModelStore}
 * (catalog, cache, mirror, download, checksums); {@link dev.dreamzoom.model.Natives} (TensorFlow's
 * libraries) and {@link dev.dreamzoom.model.Kernels} (oneDNN turned on before they load, the
 * instruction set and the family of bit-identical results; {@code KernelProbe}: what oneDNN reports
 * running); {@link dev.dreamzoom.model.Network}: one frozen GraphDef from any format ({@code
 * SavedModels}, {@code KerasConvStack} for {@code .h5}, the ONNX importer in {@code model.onnx}),
 * with its input, aliases, layers, labels and class output. The rewrites of a GraphDef live in
 * {@code model.graph}. {@link dev.dreamzoom.model.Segmenter} finds a picture's subject with ISNet,
 * fetched by {@link dev.dreamzoom.model.SegmentationStore}; it runs on DJL's ONNX Runtime engine,
 * not through the TensorFlow import: it only infers (no gradient, no rewrites), its float16 weights
 * and {@code Resize} ops are what ONNX Runtime runs natively, and one inference-only engine beside
 * TensorFlow is the DJL way (the importer would need float16 initializers and Resize for nothing
 * the dream uses).
 *
 * <p>The model stage ({@code model}, {@code model.graph}, {@code model.onnx}) may use TensorFlow,
 * DJL (for its natives and ONNX Runtime), {@code files}, {@code image} (the pictures a segmentation
 * reads and the masks it gives) and {@code preset} (the model keys). Must not use JavaCV or any
 * stage above it.
 */
package dev.dreamzoom.model;
