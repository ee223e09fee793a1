package dev.dreamzoom.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dreamzoom.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

class NetworkTest {
  @TempDir Path dir;

  private static ResolvedModel model(Path file) {
    return new ResolvedModel(
        new ModelEntry(
            "test",
            null,
            "g.pb",
            ModelEntry.Checksums.NONE,
            InputSpec.uniform("input", 127.5f, 127.5f),
            List.of(),
            null,
            Map.of()),
        file,
        "0".repeat(64));
  }

  @Test
  void aFileThatIsNotAGraphDefIsNamed() throws Exception {
    Path notes = dir.resolve("notes.pb");
    Files.writeString(notes, "these are my notes, not a network");
    ModelException e = assertThrows(ModelException.class, () -> Network.load(model(notes)));
    assertTrue(e.getMessage().contains("notes.pb is not a TensorFlow GraphDef"), e.getMessage());
  }

  @Test
  void aGraphWithoutTheInputIsNamed() throws Exception {
    Path graph = dir.resolve("no-input.pb");
    GraphDef def =
        GraphDef.newBuilder()
            .addNode(NodeDef.newBuilder().setName("images").setOp("Placeholder"))
            .addNode(NodeDef.newBuilder().setName("conv").setOp("Relu").addInput("images"))
            .build();
    Files.write(graph, def.toByteArray());
    ModelException e = assertThrows(ModelException.class, () -> Network.load(model(graph)));
    assertTrue(e.getMessage().contains("has no input tensor 'input'"), e.getMessage());
  }

  @Test
  void throughTheCliItIsOneMessageAndExitOne() throws Exception {
    Path notes = dir.resolve("notes.pb");
    Files.writeString(notes, "not a network");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new Cli()
            .run(
                new String[] {"layers", notes.toString()},
                new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    String message = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, code);
    assertTrue(
        message.startsWith("error: ") && message.contains("not a TensorFlow GraphDef"), message);
    assertFalse(message.contains("\tat "), message);
  }
}
