/**
 * What a soundtrack does over time, per output frame: loudness, bass/mid/high band energies, onset
 * strength and picked onsets, beat phase and tempo ({@link dev.dreamzoom.audio.SoundAnalysis}),
 * from short-time spectra (commons-math3's FFT) of mono samples. Plain Java: decoding is the media
 * stage's ({@code media.AudioDecoder}).
 *
 * <p>May use nothing else of dreamzoom. Must not use JavaCV, TensorFlow or any other stage.
 */
package dev.dreamzoom.audio;
