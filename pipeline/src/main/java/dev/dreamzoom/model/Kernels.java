package dev.dreamzoom.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CPU kernels TensorFlow computes with here: oneDNN's, dispatched to the best instruction set
 * the CPU has (capped by {@code ONEDNN_MAX_CPU_ISA}), or TensorFlow's older Eigen kernels when
 * oneDNN is off.
 *
 * <p>TensorFlow 2.16 turns oneDNN on by itself only on CPUs with AVX-512-class features; on an
 * AVX2-only CPU it is 1.5 times faster on (VGG16 forward and input gradient at 640x360: 2.3 s off,
 * 1.5 s on), so {@link #enableOneDnn} turns it on unless the user set {@code TF_ENABLE_ONEDNN_OPTS}
 * themselves.
 *
 * <p>Float32 results are identical from run to run within one {@link #family} and differ in the
 * last bits between families (oneDNN's AVX-512 and AVX2 convolutions sum in other orders), so a
 * render records its family and a resume on another one says that later frames will differ.
 *
 * @param onednn whether TensorFlow's oneDNN kernels are on
 * @param isa the instruction set oneDNN dispatches to, in oneDNN's lower-case names ({@code
 *     avx512_core_bf16}, {@code avx2}, ...)
 */
public record Kernels(boolean onednn, String isa) {
  private static final Logger log = LoggerFactory.getLogger(Kernels.class);
  static final String ONEDNN_OPTS = "TF_ENABLE_ONEDNN_OPTS";

  /**
   * oneDNN's instruction sets in its order of preference, as {@code ONEDNN_MAX_CPU_ISA} names them,
   * each with the {@code /proc/cpuinfo} flags it needs beyond the one below it on its branch (a cap
   * allows only its own branch: {@code AVX512_CORE} does not allow {@code AVX2_VNNI}).
   */
  private enum Isa {
    SSE41(null, "sse4_1"),
    AVX(SSE41, "avx"),
    AVX2(AVX, "avx2"),
    AVX2_VNNI(AVX2, "avx_vnni"),
    AVX2_VNNI_2(AVX2_VNNI, "avx_vnni_int8", "avx_ne_convert"),
    AVX512_CORE(AVX2, "avx512f", "avx512bw", "avx512vl", "avx512dq"),
    AVX512_CORE_VNNI(AVX512_CORE, "avx512_vnni"),
    AVX512_CORE_BF16(AVX512_CORE_VNNI, "avx512_bf16"),
    AVX512_CORE_FP16(AVX512_CORE_BF16, "avx512_fp16"),
    AVX512_CORE_AMX(AVX512_CORE_FP16, "amx_tile", "amx_int8", "amx_bf16"),
    AVX512_CORE_AMX_FP16(AVX512_CORE_AMX, "amx_fp16");

    private final Isa below;
    private final List<String> flags;

    Isa(Isa below, String... flags) {
      this.below = below;
      this.flags = List.of(flags);
    }

    boolean supportedBy(Set<String> cpu) {
      return cpu.containsAll(flags) && (below == null || below.supportedBy(cpu));
    }

    boolean atLeast(Isa other) {
      return this == other || (below != null && below.atLeast(other));
    }
  }

  /**
   * The CPU's flags and the environment, as the JVM saw them at start, do not change: read once.
   */
  private static final class Here {
    static final Kernels KERNELS =
        of(
            cpuFlags(),
            System.getenv(ONEDNN_OPTS),
            firstSet("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA"));
  }

  /** The kernels TensorFlow computes with in this process (after {@link #enableOneDnn}). */
  public static Kernels here() {
    return Here.KERNELS;
  }

  /**
   * The kernels for a CPU with these flags under these settings.
   *
   * @param onednnOpts {@code TF_ENABLE_ONEDNN_OPTS} as the user set it, or null (then on)
   * @param maxIsa {@code ONEDNN_MAX_CPU_ISA}, or null for no cap
   */
  static Kernels of(Set<String> cpu, String onednnOpts, String maxIsa) {
    boolean on =
        onednnOpts == null
            || !Set.of("0", "false").contains(onednnOpts.strip().toLowerCase(Locale.ROOT));
    Isa cap = null;
    if (maxIsa != null && !maxIsa.isBlank() && !maxIsa.strip().equalsIgnoreCase("ALL")) {
      try {
        cap = Isa.valueOf(maxIsa.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        log.warn("ONEDNN_MAX_CPU_ISA={} is not an instruction set oneDNN knows; ignored", maxIsa);
      }
    }
    Isa best = null;
    for (Isa i : Isa.values()) {
      if (i.supportedBy(cpu)
          && (cap == null || cap.atLeast(i))
          && (best == null || i.ordinal() > best.ordinal())) {
        best = i;
      }
    }
    return new Kernels(on, best == null ? "none" : best.name().toLowerCase(Locale.ROOT));
  }

  /**
   * The family whose float32 results are bit-identical: the instruction set oneDNN's float32
   * convolutions use ({@code onednn-avx512_core} for every AVX-512 rung, {@code onednn-avx2} for
   * AVX2 with or without VNNI), or {@code eigen} with oneDNN off.
   */
  public String family() {
    return family(false);
  }

  /**
   * The family whose results are bit-identical for a network computing in bfloat16 or float32.
   * Float32 frames are the same on every AVX-512 rung; bfloat16 frames are not: AMX tiles and the
   * AVX-512 BF16 instructions round differently (checked on one Xeon with AMX through the caps:
   * frame 1 of a bfloat16 MobileNet render differed, float32 frames did not), so each is a family
   * of its own for a bfloat16 render.
   */
  public String family(boolean bfloat16) {
    if (bfloat16 && onednn && level() != null && level().atLeast(Isa.AVX512_CORE_BF16)) {
      return "onednn-"
          + (level().atLeast(Isa.AVX512_CORE_AMX) ? Isa.AVX512_CORE_AMX : Isa.AVX512_CORE_BF16)
              .name()
              .toLowerCase(Locale.ROOT);
    }
    if (!onednn) {
      return "eigen";
    }
    Isa i = level();
    if (i == null) {
      return "onednn-none";
    }
    Isa f = i.atLeast(Isa.AVX512_CORE) ? Isa.AVX512_CORE : i.atLeast(Isa.AVX2) ? Isa.AVX2 : i;
    return "onednn-" + f.name().toLowerCase(Locale.ROOT);
  }

  /** Whether bfloat16 convolutions run natively (AVX-512 BF16 or AMX reachable by oneDNN). */
  public boolean nativeBfloat16() {
    return onednn && level() != null && level().atLeast(Isa.AVX512_CORE_BF16);
  }

  /**
   * Whether a network rewritten to bfloat16 can run at all: TensorFlow's own kernels compute it
   * (slowly), oneDNN only from AVX-512 (natively with BF16, emulated without) or AVX2-VNNI-2 up; on
   * an AVX2 CPU oneDNN has no bfloat16 convolution ("could not create a primitive descriptor").
   */
  public boolean bfloat16Computable() {
    if (!onednn) {
      return true;
    }
    Isa i = level();
    return i != null && (i.atLeast(Isa.AVX512_CORE) || i.atLeast(Isa.AVX2_VNNI_2));
  }

  /** {@link #isa} as a rung of the ladder, or null where the CPU has none oneDNN knows. */
  private Isa level() {
    return isa.equals("none") ? null : Isa.valueOf(isa.toUpperCase(Locale.ROOT));
  }

  /** Why {@link #bfloat16Computable} is false, as one clause for messages. */
  public String noBfloat16() {
    return "oneDNN has no bfloat16 convolutions for "
        + isa
        + " (it needs AVX-512); use float32, or set "
        + ONEDNN_OPTS
        + "=0 for TensorFlow's own bfloat16 kernels, 20-30x slower than float32";
  }

  /**
   * One line for logs and {@code bench}: {@code oneDNN on, avx512_core_bf16 (family
   * onednn-avx512_core)}.
   */
  public String describe() {
    return (onednn
            ? "oneDNN on, " + isa
            : "oneDNN off ("
                + ONEDNN_OPTS
                + "="
                + System.getenv(ONEDNN_OPTS)
                + "): TensorFlow's Eigen kernels")
        + " (family "
        + family()
        + ")";
  }

  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int setenv(String name, String value, int overwrite);

    String getenv(String name);
  }

  /**
   * Turns TensorFlow's oneDNN kernels on unless the user set {@code TF_ENABLE_ONEDNN_OPTS}: it is
   * read from the C environment when TensorFlow initializes, which Java cannot change, hence libc's
   * {@code setenv}. Must run before TensorFlow loads; {@link Natives#tensorFlow} calls it.
   */
  static synchronized void enableOneDnn() {
    if (System.getenv(ONEDNN_OPTS) != null) {
      return;
    }
    try {
      if (LibC.INSTANCE.setenv(ONEDNN_OPTS, "1", 0) != 0) {
        log.warn(
            "could not set {}=1; TensorFlow may leave its oneDNN kernels off on this CPU",
            ONEDNN_OPTS);
      }
    } catch (LinkageError | RuntimeException e) {
      log.warn(
          "could not set {}=1 ({}); TensorFlow may leave its oneDNN kernels off on this CPU",
          ONEDNN_OPTS,
          e.getMessage());
    }
  }

  static Set<String> cpuFlags() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("flags")) {
          return Set.of(line.substring(line.indexOf(':') + 1).trim().split("\\s+"));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or no /proc: nothing is known of the CPU.
    }
    return Set.of();
  }

  private static String firstSet(String... names) {
    for (String n : names) {
      if (System.getenv(n) != null) {
        return System.getenv(n);
      }
    }
    return null;
  }
}
