/**
 * Presets: {@code .properties} → one validated, immutable {@link dev.dreamzoom.preset.RenderSpec}.
 * {@link dev.dreamzoom.preset.PresetSchema} is the one source of every key's kind, default, range
 * and choices (the parser, the commands that mirror keys, the manifest and the specs read it);
 * per-frame values are {@link dev.dreamzoom.preset.Param}s ({@code Schedule}, with the {@code Expr}
 * evaluator); {@link dev.dreamzoom.preset.Term} and {@link dev.dreamzoom.preset.TermSyntax} are the
 * objective's terms and how each is written, {@link dev.dreamzoom.preset.ObjectiveSchedule} their
 * crossfaded weights per frame; {@link dev.dreamzoom.preset.MaskSpec} is {@code dream.mask}, whose
 * shapes {@link dev.dreamzoom.preset.MaskShape} parses and draws.
 *
 * <p>May use {@code image} (to check seed and reference images) and {@code audio} (its {@code
 * MusicVariable}s are the names an expression may read of the music). Must not use TensorFlow,
 * JavaCV or any other stage: every stage reads its spec from here.
 */
package dev.dreamzoom.preset;
