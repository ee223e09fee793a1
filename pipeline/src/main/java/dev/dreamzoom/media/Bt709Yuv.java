package dev.dreamzoom.media;

import static org.bytedeco.ffmpeg.global.swscale.SWS_ACCURATE_RND;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BITEXACT;
import static org.bytedeco.ffmpeg.global.swscale.SWS_CS_ITU709;
import static org.bytedeco.ffmpeg.global.swscale.SWS_FULL_CHR_H_INP;
import static org.bytedeco.ffmpeg.global.swscale.SWS_LANCZOS;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * RGB frames to yuv420p at the publish size, through swscale with the BT.709 matrix and limited
 * ("tv") range that the clips are tagged with. JavaCV's recorder converts with swscale's default,
 * the BT.601 matrix, so players that honour the BT.709 tags showed every clip with greens about 4
 * levels too bright. Scaling (Lanczos) happens in the same pass, in RGB; {@code SWS_BITEXACT} keeps
 * the bytes the same on every CPU, whichever SIMD paths swscale has there.
 */
final class Bt709Yuv implements AutoCloseable {
  private final int width;
  private final int height;
  private final int outWidth;
  private final int outHeight;
  private final SwsContext context;
  private final BytePointer bgr;
  private final BytePointer yuv;
  private final PointerPointer<BytePointer> in;
  private final PointerPointer<BytePointer> out;
  private final IntPointer inStride;
  private final IntPointer outStride;

  /** Converts {@code width x height} frames to {@code outWidth x outHeight} (both even). */
  Bt709Yuv(int width, int height, int outWidth, int outHeight) throws EncodeException {
    this.width = width;
    this.height = height;
    this.outWidth = outWidth;
    this.outHeight = outHeight;
    context =
        swscale.sws_getContext(
            width,
            height,
            avutil.AV_PIX_FMT_BGR24,
            outWidth,
            outHeight,
            avutil.AV_PIX_FMT_YUV420P,
            SWS_LANCZOS | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP | SWS_BITEXACT,
            null,
            null,
            (DoublePointer) null);
    if (context == null) {
      throw new EncodeException(
          "FFmpeg cannot convert "
              + width
              + "x"
              + height
              + " frames to "
              + outWidth
              + "x"
              + outHeight
              + " yuv420p",
          null);
    }
    // The source table is unused for RGB input; the destination table and range are what count.
    IntPointer bt709 = swscale.sws_getCoefficients(SWS_CS_ITU709);
    swscale.sws_setColorspaceDetails(context, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
    bgr = new BytePointer((long) width * height * 3);
    long luma = (long) outWidth * outHeight;
    yuv = new BytePointer(luma + 2 * (luma / 4));
    in = new PointerPointer<>(bgr, null, null, null);
    out = new PointerPointer<>(yuv, yuv.getPointer(luma), yuv.getPointer(luma + luma / 4), null);
    inStride = new IntPointer(width * 3, 0, 0, 0);
    outStride = new IntPointer(outWidth, outWidth / 2, outWidth / 2, 0);
  }

  int outWidth() {
    return outWidth;
  }

  int outHeight() {
    return outHeight;
  }

  /** The three planes of {@code frame}, one after the other; valid until the next call. */
  ByteBuffer convert(BufferedImage frame) throws EncodeException {
    if (frame.getWidth() != width || frame.getHeight() != height) {
      throw new EncodeException(
          "frame is "
              + frame.getWidth()
              + "x"
              + frame.getHeight()
              + ", expected "
              + width
              + "x"
              + height,
          null);
    }
    bgr.position(0).put(bgrBytes(frame));
    swscale.sws_scale(context, in, inStride, 0, height, out, outStride);
    return yuv.position(0).limit(yuv.capacity()).asByteBuffer();
  }

  private static byte[] bgrBytes(BufferedImage frame) {
    BufferedImage bgr = frame;
    if (frame.getType() != BufferedImage.TYPE_3BYTE_BGR
        || frame.getRaster().getParent() != null
        || frame.getRaster().getDataBuffer().getSize()
            != frame.getWidth() * frame.getHeight() * 3) {
      bgr = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = bgr.createGraphics();
      g.drawImage(frame, 0, 0, null);
      g.dispose();
    }
    return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
  }

  @Override
  public void close() {
    swscale.sws_freeContext(context);
    for (var p : new org.bytedeco.javacpp.Pointer[] {bgr, yuv, in, out, inStride, outStride}) {
      p.close();
    }
  }
}
