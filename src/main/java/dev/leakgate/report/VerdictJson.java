package dev.leakgate.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.leakgate.analysis.GateVerdict;
import dev.leakgate.analysis.PodVerdict;
import dev.leakgate.analysis.SignalVerdict;

/**
 * The machine-readable verdict: the fields of docs/judge-output.md. Non-finite numbers are written
 * as null, because JSON has no NaN.
 */
public final class VerdictJson {
  private final ObjectMapper mapper;

  public VerdictJson(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  public ObjectNode verdict(String file, GateVerdict verdict) {
    ObjectNode out = mapper.createObjectNode();
    out.put("file", file);
    out.put("verdict", verdict.verdict().label());
    out.put("reason", verdict.reason().code());
    out.put("message", verdict.message());
    number(out, "decidedAfterSeconds", round(verdict.decidedAfterSeconds(), 3));
    ArrayNode signals = out.putArray("signals");
    for (SignalVerdict signal : verdict.signals()) {
      ObjectNode s = signals.addObject();
      s.put("name", signal.name());
      s.put("kind", signal.kind().id());
      s.put("gating", signal.gating());
      s.put("result", signal.result().label());
      ArrayNode pods = s.putArray("pods");
      for (PodVerdict pod : signal.pods()) {
        ObjectNode p = pods.addObject();
        p.put("pod", pod.pod());
        p.put("result", pod.result().label());
        number(p, "baseline", pod.baseline());
        number(p, "noise", pod.noise());
        number(p, "allowed", pod.allowed());
        number(p, "peak", pod.peak());
        number(p, "level", pod.level());
        number(p, "last", pod.last());
        number(p, "slopePerHour", round(pod.slopePerHour(), 6));
        p.put("reason", pod.reason().code());
        p.put("message", pod.message());
      }
    }
    return out;
  }

  public ObjectNode invalid(String file, String field, String message) {
    ObjectNode out = mapper.createObjectNode();
    out.put("file", file);
    out.put("verdict", "Invalid");
    out.putNull("decidedAfterSeconds");
    ObjectNode error = out.putObject("error");
    error.put("field", field);
    error.put("message", message);
    return out;
  }

  private static void number(ObjectNode node, String field, double value) {
    if (Double.isFinite(value)) {
      node.put(field, value);
    } else {
      node.putNull(field);
    }
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Double.isFinite(value) ? Math.round(value * scale) / scale : value;
  }
}
