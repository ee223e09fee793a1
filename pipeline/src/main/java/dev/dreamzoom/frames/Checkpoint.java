package dev.dreamzoom.frames;

import dev.dreamzoom.files.AtomicFiles;
import dev.dreamzoom.image.RgbImage;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * What a render needs to continue exactly: how many frames are complete and the last one in full
 * precision (the PNG is only 8-bit). Randomness needs no state: each frame's derives from the
 * preset's {@code random.seed} and the frame index.
 *
 * <p>File format: "DZCK", version, frames done, width, height, the float samples (little endian),
 * then a CRC32 of everything before it.
 */
public record Checkpoint(int framesDone, RgbImage image) {
  private static final int MAGIC = 0x445a434b;
  private static final int VERSION = 1;
  private static final long MAX_PIXELS = 170_000_000L;

  public Checkpoint {
    if (framesDone < 1) {
      throw new IllegalArgumentException("a checkpoint follows at least one frame");
    }
  }

  public void write(Path file) throws IOException {
    ByteBuffer samples =
        ByteBuffer.allocate(image.pixels().length * 4).order(ByteOrder.LITTLE_ENDIAN);
    samples.asFloatBuffer().put(image.pixels());
    byte[] header = header(framesDone, image.width(), image.height());
    long crc = crc(header, samples.array());
    AtomicFiles.write(
        file,
        out -> {
          out.write(header);
          out.write(samples.array());
          new DataOutputStream(out).writeLong(crc);
        });
  }

  /** The fixed-size start of the file, big-endian. */
  private static byte[] header(int framesDone, int width, int height) {
    return ByteBuffer.allocate(20)
        .putInt(MAGIC)
        .putInt(VERSION)
        .putInt(framesDone)
        .putInt(width)
        .putInt(height)
        .array();
  }

  private static long crc(byte[] header, byte[] samples) {
    CRC32 crc = new CRC32();
    crc.update(header);
    crc.update(samples);
    return crc.getValue();
  }

  /**
   * Frames done, from the header and the file's length alone (no checksum): cheap enough for {@code
   * status} over hundreds of renders, and catches a truncated or padded file.
   */
  public static int peek(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream d = new DataInputStream(in)) {
      return Header.read(d, file).done();
    } catch (java.io.EOFException e) {
      throw new IOException("damaged checkpoint (truncated): " + file, e);
    } catch (IOException e) {
      throw named(file, e);
    }
  }

  /**
   * {@code e}, or when its message does not name {@code file} (a folder, no permission), one that
   * does.
   */
  private static IOException named(Path file, IOException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return why.contains(file.toString())
        ? e
        : new IOException("damaged checkpoint " + file + ": " + why, e);
  }

  /** The header, checked against the file's length before anything of its size is allocated. */
  private record Header(int done, int width, int height) {
    static Header read(DataInputStream d, Path file) throws IOException {
      if (d.readInt() != MAGIC || d.readInt() != VERSION) {
        throw new IOException("not a dreamzoom checkpoint (or from another version): " + file);
      }
      Header h = new Header(d.readInt(), d.readInt(), d.readInt());
      if (h.done < 1 || h.width < 1 || h.height < 1 || (long) h.width * h.height > MAX_PIXELS) {
        throw new IOException("damaged checkpoint " + file);
      }
      long expected = 20 + (long) h.width * h.height * 12 + 8;
      long size = Files.size(file);
      if (size != expected) {
        throw new IOException(
            "damaged checkpoint ("
                + (size < expected ? "truncated: " : "")
                + size
                + " bytes, "
                + expected
                + " expected): "
                + file);
      }
      return h;
    }
  }

  /** Reads and verifies a checkpoint; a damaged one is an error naming the file. */
  public static Checkpoint read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream d = new DataInputStream(in)) {
      Header header = Header.read(d, file);
      int w = header.width();
      int h = header.height();
      byte[] raw = d.readNBytes(w * h * 3 * 4);
      long stored = d.readLong();
      if (raw.length != w * h * 12 || crc(header(header.done(), w, h), raw) != stored) {
        throw new IOException("damaged checkpoint (checksum mismatch): " + file);
      }
      float[] p = new float[w * h * 3];
      ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(p);
      return new Checkpoint(header.done(), new RgbImage(w, h, p));
    } catch (java.io.EOFException e) {
      throw new IOException("damaged checkpoint (truncated): " + file, e);
    } catch (IOException e) {
      throw named(file, e);
    }
  }
}
