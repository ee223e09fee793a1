/**
 * The command line: {@link dev.dreamzoom.cli.Main} → {@code Cli.run(args, out, err)} returning 0, 1
 * or 2, and one class per command that parses its arguments, calls {@code app} (or, for small
 * inspections, a stage's public surface) and prints. Options that mirror preset keys take their
 * defaults, ranges and choices from the preset schema ({@code Args.presetOption}).
 *
 * <p>May use {@code app} and the public surfaces of the stages. Must not build dream steps,
 * dreamers or renderers itself, nor use TensorFlow or JavaCV; nothing else may use {@code cli}.
 */
package dev.dreamzoom.cli;
