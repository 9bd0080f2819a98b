package io.sparkllm.model.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file laid out by hand from the format's description: u64 header length, JSON header, data. */
    private static Path handMade(Path dir, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length).array());
        out.write(h);
        out.write(data);
        Path file = dir.resolve("model.safetensors");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static byte[] littleEndian(int bytes, java.util.function.Consumer<ByteBuffer> fill) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        fill.accept(b);
        return b.array();
    }

    @Test
    void aHandMadeFileReadsWithItsShapesValuesAndMetadata(@TempDir Path tmp) throws Exception {
        byte[] weight = littleEndian(24, b -> {
            for (int i = 0; i < 6; i++) {
                b.putFloat(i * 0.5f - 1);
            }
        });
        byte[] ids = littleEndian(16, b -> b.putLong(7).putLong(-3));
        byte[] half = littleEndian(4, b -> b.putShort((short) 0x3C00).putShort((short) 0xC000));
        byte[] brain = littleEndian(2, b -> b.putShort((short) 0x4049));
        byte[] scale = littleEndian(8, b -> b.putDouble(2.5));
        byte[] data = new byte[24 + 16 + 4 + 2 + 8];
        int at = 0;
        for (byte[] part : new byte[][] {weight, ids, half, brain, scale}) {
            System.arraycopy(part, 0, data, at, part.length);
            at += part.length;
        }
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"h.0.attn.c_attn.weight\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]},"
                + "\"half\":{\"dtype\":\"F16\",\"shape\":[2,1],\"data_offsets\":[40,44]},"
                + "\"brain\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[44,46]},"
                + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,4],\"data_offsets\":[46,46]},"
                + "\"scale\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[46,54]}}   ";
        try (SafetensorsFile file = SafetensorsFile.open(handMade(tmp, header, data))) {
            assertThat(file.names()).containsExactly("h.0.attn.c_attn.weight", "ids", "half", "brain", "empty", "scale");
            assertThat(file.metadata()).containsEntry("format", "pt");
            INDArray w = file.tensor("h.0.attn.c_attn.weight");
            assertThat(w.shape()).containsExactly(2, 3);
            assertThat(w.getFloat(1, 0)).isEqualTo(0.5f);
            assertThat(w.dataType()).isEqualTo(DataType.FLOAT);
            assertThat(file.tensor("ids").data().asLong()).containsExactly(7, -3);
            assertThat(file.tensor("half").data().asFloat()).containsExactly(1f, -2f);
            assertThat(file.tensor("brain").getFloat(0)).isEqualTo(3.140625f);
            assertThat(file.tensor("empty").shape()).containsExactly(0, 4);
            INDArray scalar = file.tensor("scale");
            assertThat(scalar.rank()).isZero();
            assertThat(scalar.getDouble(0)).isEqualTo(2.5);
        }
    }

    @Test
    void writtenFilesFollowTheLayoutAndReadBackExactly(@TempDir Path tmp) throws Exception {
        Nd4j.getRandom().setSeed(3);
        INDArray weights = Nd4j.rand(DataType.FLOAT, 4, 5).subi(0.5);
        INDArray tokens = Nd4j.createFromArray(new long[] {50256, 0, 11});
        INDArray mask = Nd4j.createFromArray(true, false, true);
        INDArray bytes = Nd4j.createFromArray(new int[] {0, 200, 255}).castTo(DataType.UBYTE);
        Path file = tmp.resolve("out.safetensors");
        new SafetensorsWriter().metadata("format", "pt")
                .put("wte.weight", weights).put("tokens", tokens).put("mask", mask).put("bytes", bytes)
                .put("wte.weight.f16", weights, SafetensorsType.F16)
                .put("wte.weight.bf16", weights, SafetensorsType.BF16)
                .write(file);

        byte[] raw = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(raw, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        JsonNode header = JSON.readTree(new String(raw, 8, (int) headerLength, StandardCharsets.UTF_8));
        assertThat(header.path("wte.weight").path("dtype").asText()).isEqualTo("F32");
        assertThat(header.path("wte.weight").path("data_offsets").get(1).asLong()).isEqualTo(80);
        assertThat(header.path("wte.weight.f16").path("dtype").asText()).isEqualTo("F16");
        assertThat(8 + headerLength + 80 + 24 + 3 + 3 + 40 + 40).isEqualTo(raw.length);

        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            Map<String, INDArray> all = read.all();
            assertThat(all.get("wte.weight")).isEqualTo(weights);
            assertThat(all.get("tokens")).isEqualTo(tokens);
            assertThat(all.get("mask")).isEqualTo(mask);
            assertThat(all.get("bytes").castTo(DataType.INT).data().asInt()).containsExactly(0, 200, 255);
            float[] exact = weights.data().asFloat();
            float[] f16 = all.get("wte.weight.f16").data().asFloat();
            float[] bf16 = all.get("wte.weight.bf16").data().asFloat();
            for (int i = 0; i < exact.length; i++) {
                assertThat(f16[i]).isCloseTo(exact[i], org.assertj.core.data.Offset.offset(Math.abs(exact[i]) / 1024 + 1e-7f));
                assertThat(bf16[i]).isCloseTo(exact[i], org.assertj.core.data.Offset.offset(Math.abs(exact[i]) / 128 + 1e-7f));
            }
        }
        assertThat(Files.list(tmp).map(p -> p.getFileName().toString())).containsExactly("out.safetensors");
    }

    @Test
    void brokenFilesAreRefusedWithTheFileAndTheReason(@TempDir Path tmp) throws Exception {
        byte[] eight = new byte[8];
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertThat(SafetensorsFile.open(handMade(tmp, ok, eight)).names()).containsExactly("a");

        assertThatThrownBy(() -> SafetensorsFile.open(handMade(tmp, ok, new byte[4])))
                .hasMessageContaining("model.safetensors").hasMessageContaining("cover 8 bytes but the data section holds 4");
        assertThatThrownBy(() -> SafetensorsFile.open(handMade(tmp, ok.replace("F32", "F8_E4M3"), eight)))
                .hasMessageContaining("tensor 'a' has unsupported dtype 'F8_E4M3'");
        assertThatThrownBy(() -> SafetensorsFile.open(handMade(tmp, ok.replace("[2]", "[3]"), eight)))
                .hasMessageContaining("tensor 'a': 8 bytes for 3 F32 values");
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertThatThrownBy(() -> SafetensorsFile.open(handMade(tmp, overlap, new byte[12])))
                .hasMessageContaining("(overlap)");
        String gap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertThatThrownBy(() -> SafetensorsFile.open(handMade(tmp, gap, eight))).hasMessageContaining("(gap)");
        assertThatThrownBy(() -> SafetensorsFile.open(handMade(tmp, "[1, 2]", eight))).hasMessageContaining("JSON object");
        Path garbage = tmp.resolve("garbage.bin");
        Files.write(garbage, littleEndian(16, b -> b.putLong(Long.MAX_VALUE).putLong(0)));
        assertThatThrownBy(() -> SafetensorsFile.open(garbage)).hasMessageContaining("garbage.bin")
                .hasMessageContaining("header length");
        try (SafetensorsFile file = SafetensorsFile.open(handMade(tmp, ok, eight))) {
            assertThatThrownBy(() -> file.tensor("missing")).hasMessageContaining("no tensor 'missing'");
        }
    }
}
