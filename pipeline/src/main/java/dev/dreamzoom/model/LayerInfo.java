package dev.dreamzoom.model;

/** A 4-D activation tensor of a network: its operation name, type and channel count. */
public record LayerInfo(String name, String op, int channels) {}
