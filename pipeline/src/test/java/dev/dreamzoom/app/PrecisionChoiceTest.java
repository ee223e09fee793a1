package dev.dreamzoom.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.model.Kernels;
import dev.dreamzoom.model.ModelCatalog;
import dev.dreamzoom.model.ModelStore;
import dev.dreamzoom.preset.PresetParser;
import dev.dreamzoom.preset.RenderSpec;
import dev.dreamzoom.testing.Margins;
import dev.dreamzoom.testing.Shared;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dream.precision = auto} measured on real workloads: on a CPU with native bfloat16,
 * bfloat16 for VGG16 (where it is about twice as fast and its gradient agrees with float32's better
 * than float32's own on invisibly changed input), float32 for MobileNet (slower in bfloat16, and
 * its gradient moves more); on any other CPU float32 for both, saying why.
 */
@Tag("slow")
class PrecisionChoiceTest {
  private static final Pattern FIGURES =
      Pattern.compile(
          "gradient agreement ([0-9.]+) \\(float32 with invisible noise: ([0-9.]+)\\), ([0-9.]+)x the speed");

  @TempDir Path dir;

  private PrecisionChoice choose(RenderSpec spec) throws Exception {
    ModelStore store = new ModelStore(ModelCatalog.load(), dir.resolve("cache"), Shared.models());
    return PreparedRender.load(spec, store).choosingPrecision(0).precision();
  }

  private Path preset(String body) throws Exception {
    Path p = dir.resolve("p" + body.hashCode() + ".properties");
    Files.writeString(p, body);
    return p;
  }

  @Test
  void
      autoTakesBfloat16ForVgg16AndFloat32ForMobileNetWhereTheCpuHasItAndFloat32WithTheReasonWhereNot()
          throws Exception {
    Kernels kernels = Kernels.here();
    Path weights = dir.resolve("vgg16-shaped.h5");
    Vgg16Shaped.write(weights, 16);
    RenderSpec vgg =
        PresetParser.parse(Path.of("presets/vgg16-deepdream.properties"))
            .withModel(weights.toString());
    PrecisionChoice onVgg = choose(vgg);
    PrecisionChoice onMobileNet =
        choose(PresetParser.parse(Path.of("presets/noise-zoom.properties")));
    System.out.println(
        kernels.describe()
            + "\nvgg16: "
            + onVgg.reason()
            + "\nnoise-zoom: "
            + onMobileNet.reason());
    assertFalse(onMobileNet.bfloat16(), onMobileNet.reason());
    if (kernels.nativeBfloat16()) {
      // Measured, not assumed, and auto follows the figures: bfloat16 where its gradient agrees
      // with float32's as well as float32 agrees with itself (0.970 vs 0.942) and it runs at least
      // 1.2 times as fast, float32 otherwise, saying which. Whether native bfloat16 is faster
      // depends
      // on the CPU: VGG16 ran 2x on an Intel AVX-512 machine, 1.69x on an AMD EPYC (where its
      // gradient agreed less, 0.456), 2.8-3.0x with AMX tiles on an Intel Xeon, and 0.66-0.70x on
      // that same Xeon capped to its AVX-512 BF16 instructions
      // (ONEDNN_MAX_CPU_ISA=AVX512_CORE_BF16).
      Matcher m = FIGURES.matcher(onVgg.reason());
      assertTrue(m.find(), onVgg.reason());
      double agreement = Double.parseDouble(m.group(1));
      double floor = Double.parseDouble(m.group(2));
      double speed = Double.parseDouble(m.group(3));
      boolean keepsTheLook = agreement >= PrecisionChoice.AGREEMENT || agreement >= floor;
      boolean faster = speed >= PrecisionChoice.SPEEDUP;
      assertEquals(keepsTheLook && faster, onVgg.bfloat16(), onVgg.reason());
      assertTrue(
          onVgg
              .reason()
              .startsWith(
                  keepsTheLook && faster
                      ? "bfloat16 (auto: this CPU computes it natively"
                      : !keepsTheLook
                          ? "float32 (auto: bfloat16 would change the look of this network"
                          : "float32 (auto: bfloat16 is not faster here"),
          onVgg.reason());
      if (kernels.family(true).endsWith("amx")) {
        Margins.atLeast("VGG16 in bfloat16 on AMX tiles is faster: " + onVgg.reason(), speed, 1.3);
      }
      assertTrue(onMobileNet.reason().contains("gradient agreement"), onMobileNet.reason());
    } else {
      // An AVX2-only CPU (or oneDNN capped below AVX512_CORE_BF16): bfloat16 would be emulated,
      // 20-30 times slower, so auto does not even measure it.
      for (PrecisionChoice c : new PrecisionChoice[] {onVgg, onMobileNet}) {
        assertFalse(c.bfloat16(), c.reason());
        assertEquals(
            "float32 (auto: this CPU has no native bfloat16; kernels: " + kernels.describe() + ")",
            c.reason());
      }
    }
  }

  @Test
  void anExplicitPrecisionIsTakenAsItIsWhereItCanBeComputed() throws Exception {
    String body =
        """
        name = p
        width = 64
        height = 48
        dream.precision = %s
        """;
    PrecisionChoice bf16 = choose(PresetParser.parse(preset(body.formatted("bfloat16"))));
    if (Kernels.here().bfloat16Computable()) {
      assertTrue(bf16.bfloat16(), bf16.reason());
    } else {
      assertEquals(
          "float32 (dream.precision = bfloat16, but " + Kernels.here().noBfloat16() + ")",
          bf16.reason());
    }
    PrecisionChoice f32 = choose(PresetParser.parse(preset(body.formatted("float32"))));
    assertFalse(f32.bfloat16());
    assertTrue(f32.reason().equals("float32 (dream.precision = float32)"), f32.reason());
  }
}
