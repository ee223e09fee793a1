package dev.dreamzoom.preset;

/** What each frame's gradient ascent maximizes. */
public enum DreamMode {
  /** Mean squared activation of whole layers: amplify whatever the network sees. */
  DEEPDREAM,
  /** Mean activation of chosen channels: paint the patterns one filter responds to. */
  FILTERS
}
