package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Which kernels the CPU's flags and the user's settings lead to, and that oneDNN agrees. */
class KernelsTest {
  /** An AMD EPYC (Zen 2) as /proc/cpuinfo lists it: AVX2, FMA, no AVX-512. */
  static final Set<String> EPYC_AVX2 =
      Set.of("sse4_1", "sse4_2", "avx", "avx2", "fma", "f16c", "bmi2");

  /** This project's AVX-512 machine: AVX-512 with VNNI and bfloat16, and AVX-VNNI. */
  static final Set<String> EPYC_AVX512 =
      Set.of(
          "sse4_1",
          "avx",
          "avx2",
          "fma",
          "avx_vnni",
          "avx512f",
          "avx512bw",
          "avx512vl",
          "avx512dq",
          "avx512_vnni",
          "avx512_bf16");

  @Test
  void anAvx2CpuComputesWithOneDnnAtAvx2WithoutNativeBfloat16() {
    Kernels k = Kernels.of(EPYC_AVX2, null, null);
    assertEquals(new Kernels(true, "avx2"), k);
    assertEquals("onednn-avx2", k.family());
    assertFalse(k.nativeBfloat16());
    assertFalse(k.bfloat16Computable(), "oneDNN has no bfloat16 convolution for AVX2");
    assertTrue(
        Kernels.of(EPYC_AVX2, "0", null).bfloat16Computable(), "TensorFlow's own kernels have one");
  }

  @Test
  void anAvx512Bfloat16CpuIsOneFamilyWithEveryOtherAvx512CpuAndHasNativeBfloat16() {
    Kernels k = Kernels.of(EPYC_AVX512, null, null);
    assertEquals(new Kernels(true, "avx512_core_bf16"), k);
    assertEquals("onednn-avx512_core", k.family());
    assertTrue(k.nativeBfloat16());
    assertEquals("onednn-avx512_core", Kernels.of(EPYC_AVX512, null, "avx512_core").family());
    assertTrue(
        Kernels.of(EPYC_AVX512, null, "avx512_core").bfloat16Computable(), "emulated on AVX-512");
  }

  /**
   * Issue 34: bfloat16 frames differ between AMX and AVX-512 BF16 (float32 frames do not), so for a
   * bfloat16 render each is a family of its own; float32 stays one AVX-512 family.
   */
  @Test
  void amxIsItsOwnFamilyForBfloat16Only() {
    Kernels amx = new Kernels(true, "avx512_core_amx");
    Kernels bf16 = new Kernels(true, "avx512_core_bf16");
    assertEquals("onednn-avx512_core", amx.family(false));
    assertEquals(bf16.family(false), amx.family(false));
    assertEquals("onednn-avx512_core_amx", amx.family(true));
    assertEquals("onednn-avx512_core_bf16", bf16.family(true));
    assertEquals(
        "onednn-avx512_core",
        new Kernels(true, "avx512_core").family(true),
        "emulated: as float32's");
    assertEquals("onednn-avx2", new Kernels(true, "avx2").family(true));
  }

  @Test
  void oneDnnsCapAndTheUsersSwitchAreHonoured() {
    assertEquals(new Kernels(true, "avx2"), Kernels.of(EPYC_AVX512, null, "AVX2"));
    assertFalse(Kernels.of(EPYC_AVX512, null, "AVX2").nativeBfloat16());
    // A cap allows its own branch only: AVX2_VNNI is not below AVX512_CORE.
    assertEquals(new Kernels(true, "avx2_vnni"), Kernels.of(EPYC_AVX512, null, "AVX2_VNNI"));
    assertEquals(new Kernels(true, "avx512_core"), Kernels.of(EPYC_AVX512, null, "AVX512_CORE"));
    assertEquals("eigen", Kernels.of(EPYC_AVX512, "0", null).family());
    assertEquals("eigen", Kernels.of(EPYC_AVX2, "false", null).family());
    assertFalse(Kernels.of(EPYC_AVX512, "0", null).nativeBfloat16());
    assertEquals("onednn-avx512_core", Kernels.of(EPYC_AVX512, "1", "not-an-isa").family());
  }

  @Test
  void oneDnnsOwnLinesAreRead() {
    KernelProbe p =
        KernelProbe.parse(
            List.of(
                "noise",
                "onednn_verbose,info,cpu,isa:Intel AVX2",
                "onednn_verbose,primitive,exec,cpu,convolution,brgconv:avx2,forward_training,src_f32::blocked:acdb::f0,1.2"));
    assertEquals(new KernelProbe("Intel AVX2", "brgconv:avx2"), p);
    assertEquals("onednn-avx2", p.family());
    assertEquals(
        "eigen", KernelProbe.parse(List.of("onednn_verbose,info,cpu,isa:Intel AVX2")).family());
  }

  @Tag("slow")
  @Test
  void theVariableTensorFlowReadsIsSetAndOneDnnRunsWhatTheFlagsPredict() throws Exception {
    Natives.tensorFlow();
    String user = System.getenv(Kernels.ONEDNN_OPTS);
    assertEquals(
        user == null ? "1" : user,
        Kernels.LibC.INSTANCE.getenv(Kernels.ONEDNN_OPTS),
        "the C environment TensorFlow reads");
    KernelProbe seen = KernelProbe.run();
    Kernels expected = Kernels.here();
    System.out.println(expected.describe() + "; oneDNN says: " + seen);
    assertEquals(expected.family(), seen.family(), seen.toString());
  }
}
