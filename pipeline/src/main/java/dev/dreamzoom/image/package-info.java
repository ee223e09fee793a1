/**
 * Pictures in memory and on disk: {@link dev.dreamzoom.image.RgbImage} (float RGB 0..255; resize,
 * crop, arithmetic), {@link dev.dreamzoom.image.Mask} (a weight per pixel: where a dream acts;
 * feathered inside, blended exactly at 0 and 1, carried along a flow) and {@link
 * dev.dreamzoom.image.ImageFiles} (PNG and JPEG, CMYK JPEGs through {@code FourChannelJpeg}).
 *
 * <p>May use {@code files}. Must not use TensorFlow, JavaCV or any other stage.
 */
package dev.dreamzoom.image;
