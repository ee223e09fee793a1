package dev.dreamzoom.preset;

/** What the network computes in ({@code dream.precision}). */
public enum Precision {
  /**
   * bfloat16 where this CPU computes it natively and the network keeps its look and gains speed.
   */
  AUTO,
  FLOAT32,
  /**
   * The network's convolutions, products and activations in bfloat16; objective and update float32.
   */
  BFLOAT16
}
