package dev.leakgate.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.recording.RecordingJson;
import org.junit.jupiter.api.Test;

class RawSeriesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Two series of pod a from one scrape (same timestamps), one of pod b, as Prometheus answers. */
  private static ObjectNode matrix() throws Exception {
    return (ObjectNode)
        MAPPER.readTree(
            """
            {"resultType":"matrix","result":[
              {"metric":{"__name__":"jvm_thread_count","pod":"a","state":"runnable"},
               "values":[[100.25,"3"],[101.25,"4"],[102.25,"+Inf"]]},
              {"metric":{"__name__":"jvm_thread_count","pod":"a","state":"waiting"},
               "values":[[100.25,"10"],[101.25,"12"]]},
              {"metric":{"__name__":"jvm_thread_count","pod":"b","state":"waiting"},
               "values":[[100.5,"7.5"],[99.5,"NaN"]]}]}
            """);
  }

  /** Folded, and written as a recording writes its data. */
  private static ObjectNode fold(Preset.Aggregation aggregation) throws Exception {
    return RecordingJson.write(
        RawSeries.perPod(Recorder.matrix("jvm_thread_count", matrix()), aggregation));
  }

  @Test
  void sumAddsTheSeriesOfOnePodAtEachScrapeTimestamp() throws Exception {
    ObjectNode folded = fold(Preset.Aggregation.SUM);

    assertThat(folded.path("resultType").asText()).isEqualTo("matrix");
    assertThat(folded.path("result")).hasSize(2);
    assertThat(folded.at("/result/0/metric").toString()).isEqualTo("{\"pod\":\"a\"}");
    assertThat(folded.at("/result/0/values").toString())
        .isEqualTo("[[100.25,\"13\"],[101.25,\"16\"],[102.25,\"+Inf\"]]");
    // Pod b's samples come out in time order; NaN stays a missing sample, not a number.
    assertThat(folded.at("/result/1/values").toString())
        .isEqualTo("[[99.5,\"NaN\"],[100.5,\"7.5\"]]");
  }

  @Test
  void maxKeepsTheLargestOfOnePodAtEachScrapeTimestamp() throws Exception {
    ObjectNode folded = fold(Preset.Aggregation.MAX);

    assertThat(folded.at("/result/0/values").toString())
        .isEqualTo("[[100.25,\"10\"],[101.25,\"12\"],[102.25,\"+Inf\"]]");
  }
}
