package io.crmsync.transport;

import static io.crmsync.transport.BatchJsonTest.FROM;
import static io.crmsync.transport.BatchJsonTest.GID1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Whatever arrives, a bad batch is an IllegalArgumentException, never another exception. */
class BatchJsonRejectionTest {
  private static final String CATALOG = "[{\"n\":1,\"t\":\"clients\",\"c\":\"name\",\"d\":\"BOTH\",\"r\":null}]";

  private static String batch(String v, String catalog, String records) {
    return "{\"v\":" + v + ",\"from\":\"" + FROM + "\",\"seq\":2,\"ack\":1,\"more\":false,"
        + "\"catalog\":" + catalog + ",\"records\":" + records + "}";
  }

  private static String fields(String f) {
    return "[{\"g\":\"" + GID1 + "\",\"t\":\"clients\",\"f\":[" + f + "]}]";
  }

  private static void rejected(String json) {
    assertTimeoutPreemptively(
        Duration.ofSeconds(5),
        () ->
            assertThatThrownBy(() -> BatchJson.read(json.getBytes(StandardCharsets.UTF_8)))
                .as(json)
                .isInstanceOf(IllegalArgumentException.class));
  }

  @Test
  void wellFormedTemplateIsAccepted() {
    String json = batch("1", CATALOG, fields("[1,\"x\",5,\"" + FROM + "\"]"));
    assertThat(BatchJson.read(json.getBytes(StandardCharsets.UTF_8)).records()).hasSize(1);
  }

  @Test
  void textThatIsNotJsonIsRejected() {
    rejected("hello");
    rejected("{\"v\":1,");
    rejected("[1,2,3]");
    rejected("\"just a string\"");
    rejected("{} trailing");
  }

  @Test
  void emptyOrOneByteBodyIsRejected() {
    rejected("");
    rejected("x");
  }

  @Test
  void bytesThatAreNotUtf8AreRejected() {
    byte[] body = {'{', '"', 'v', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
    assertThatThrownBy(() -> BatchJson.read(body)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingMembersAreRejected() {
    rejected("{}");
    rejected("{\"v\":1}");
    rejected(batch("1", CATALOG, fields("[1,\"x\",5,\"" + FROM + "\"]")).replace("\"seq\":2,", ""));
    rejected(batch("1", CATALOG, fields("[1,\"x\",5,\"" + FROM + "\"]")).replace(",\"more\":false", ""));
    rejected(batch("1", CATALOG.replace("\"c\":\"name\",", ""), "[]"));
    rejected(batch("1", CATALOG, "[{\"g\":\"" + GID1 + "\",\"t\":\"clients\"}]"));
    rejected(batch("1", CATALOG, "[{\"t\":\"clients\",\"f\":[]}]"));
  }

  @Test
  void membersOfTheWrongTypeAreRejected() {
    rejected(batch("\"1\"", CATALOG, "[]"));
    rejected(batch("1", "{}", "[]"));
    rejected(batch("1", "[1]", "[]"));
    rejected(batch("1", CATALOG, "[\"record\"]"));
    rejected(batch("1", CATALOG.replace("\"n\":1", "\"n\":\"1\""), "[]"));
    rejected(batch("1", CATALOG.replace("\"r\":null", "\"r\":\"2\""), "[]"));
    rejected(batch("1", CATALOG.replace("\"d\":\"BOTH\"", "\"d\":\"SIDEWAYS\""), "[]"));
    rejected(batch("1", CATALOG, fields("[1,5,5,\"" + FROM + "\"]")));
    rejected(batch("1", CATALOG, fields("[1,\"x\",\"5\",\"" + FROM + "\"]")));
    rejected(batch("1", CATALOG, fields("{\"n\":1}")));
    rejected(batch("1", CATALOG, fields("[1,\"x\",5,\"" + FROM + "\"]")).replace("\"more\":false", "\"more\":0"));
  }

  @Test
  void invalidValuesInsideRecordsAreRejected() {
    rejected(batch("1", CATALOG, fields("[0,\"x\",5,\"" + FROM + "\"]")));
    rejected(batch("1", CATALOG, fields("[1,\"x\",0,\"" + FROM + "\"]")));
    rejected(batch("1", CATALOG, "[{\"g\":\"not-a-uuid\",\"t\":\"clients\",\"f\":[]}]"));
    rejected(batch("1", CATALOG, fields("[1,\"x\",5,\"" + FROM + "\"]")).replace("\"seq\":2", "\"seq\":-2"));
  }

  @Test
  void otherVersionsAreRejected() {
    rejected(batch("3", CATALOG, "[]"));
    rejected(batch("0", CATALOG, "[]"));
  }

  @Test
  void versionTwoMembersAreChecked() {
    String clocked = "[1,\"x\",5,\"" + FROM + "\",0,{\"other\":4}]";
    assertThat(BatchJson.read(batch("2", CATALOG, fields(clocked)).getBytes(StandardCharsets.UTF_8))
            .records().get(0).values().get(0).side().clock().get("other")).isEqualTo(4);
    rejected(batch("1", CATALOG, fields(clocked)));
    rejected(batch("2", CATALOG, fields(clocked.replace(",0,{", ",2,{"))));
    rejected(batch("2", CATALOG, fields(clocked.replace(",0,{", ",\"yes\",{"))));
    rejected(batch("2", CATALOG, fields(clocked.replace(":4}", ":\"4\"}"))));
    rejected(batch("2", CATALOG, fields(clocked.replace(":4}", ":0}"))));
    rejected(batch("2", CATALOG, fields(clocked.replace("other", "a,b=c"))));
    rejected(batch("2", CATALOG, fields(clocked.replace("{\"other\":4}", "[4]"))));
    rejected(batch("2", CATALOG, fields("[1,\"x\",5,\"" + FROM + "\",0]")));
    rejected(batch("2", CATALOG, "[]").replace("\"more\":false", "\"more\":false,\"policy\":\"LOUDEST_WINS\""));
    rejected(batch("2", CATALOG, "[]").replace("\"more\":false", "\"more\":false,\"names\":{\"a\":5}"));
    rejected(batch("2", CATALOG, "[]").replace("\"more\":false", "\"more\":false,\"names\":{\"a\":\"" + "n".repeat(201) + "\"}"));
    rejected(batch("1", CATALOG, "[]").replace("\"more\":false", "\"more\":false,\"policy\":\"ACTIVE_WINS\""));
  }

  @Test
  void valueArrayOfWrongLengthIsRejected() {
    rejected(batch("1", CATALOG, fields("[1,\"x\",5]")));
    rejected(batch("1", CATALOG, fields("[1,\"x\",5,\"" + FROM + "\",\"extra\"]")));
    rejected(batch("1", CATALOG, fields("[]")));
  }

  @Test
  void hugeNumbersAreRejected() {
    String huge = "123456789012345678901234567890";
    rejected(batch("1", CATALOG, "[]").replace("\"seq\":2", "\"seq\":" + huge));
    rejected(batch("1", CATALOG, "[]").replace("\"ack\":1", "\"ack\":1e999999999"));
    rejected(batch("1", CATALOG.replace("\"r\":null", "\"r\":" + huge), "[]"));
    rejected(batch("1", CATALOG, fields("[1,\"x\"," + huge + ",\"" + FROM + "\"]")));
    rejected(batch("1", CATALOG, fields("[1,\"x\",5.5,\"" + FROM + "\"]")));
  }

  @Test
  void hugeIntegersAreNotTruncatedIntoValidOnes() {
    String wraps = "4294967297"; // 2^32 + 1: its low 32 bits are 1
    rejected(batch(wraps, CATALOG, "[]"));
    rejected(batch("1", CATALOG.replace("\"n\":1", "\"n\":" + wraps), "[]"));
    rejected(batch("1", CATALOG, fields("[" + wraps + ",\"x\",5,\"" + FROM + "\"]")));
  }

  @Test
  void fractionalVersionIsRejected() {
    rejected(batch("1.9", CATALOG, "[]"));
  }

  @Test
  void deletionArrayOfWrongLengthIsRejected() {
    rejected(batch("1", CATALOG, "[{\"g\":\"" + GID1 + "\",\"t\":\"clients\",\"del\":[]}]"));
    rejected(batch("1", CATALOG, "[{\"g\":\"" + GID1 + "\",\"t\":\"clients\",\"del\":[5]}]"));
  }

  @Test
  void hugeExponentInAVersionIsRejectedQuickly() {
    rejected(batch("1e999999999", CATALOG, "[]"));
    rejected(batch("1", CATALOG.replace("\"n\":1", "\"n\":1e999999999"), "[]"));
  }

  @Test
  void deeplyNestedJsonIsRejectedQuickly() {
    rejected("[".repeat(10_000) + "]".repeat(10_000));
    rejected("{\"v\":" + "[".repeat(100_000));
    rejected(batch("1", CATALOG, fields("[1," + "[".repeat(17) + "]".repeat(17) + ",5,\"" + FROM + "\"]")));
  }

  @Test
  void bracketsInsideStringsDoNotCountAsNesting() {
    String deepText = "[{\\\"".repeat(50);
    String json = batch("1", CATALOG, fields("[1,\"" + deepText + "\",5,\"" + FROM + "\"]"));
    assertThat(BatchJson.read(json.getBytes(StandardCharsets.UTF_8)).records().get(0).values().get(0).value())
        .isEqualTo("[{\"".repeat(50));
  }

  @Test
  void fieldNumberNotInTheCatalogIsRejected() {
    rejected(batch("1", CATALOG, fields("[2,\"x\",5,\"" + FROM + "\"]")));
    rejected(batch("1", "[]", fields("[1,\"x\",5,\"" + FROM + "\"]")));
  }
}
