package dev.leakgate.pipeline;

import dev.leakgate.operator.model.LeakGateStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A gate's verdict as a JUnit XML report, which every CI system shows: one test suite per gate, one
 * test case per signal and pod. A leak is a failure, an inconclusive signal an error (it blocks,
 * and is not a pass), a warning passes with its message. A gate that ended before judging any
 * signal (an error, a load that tested nothing) is one test case named after the gate.
 */
public final class JUnitReport {
  private JUnitReport() {}

  public static void write(Path file, String gate, LeakGateStatus status, GateEnd end)
      throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      List<LeakGateStatus.SignalStatus> signals = status.signals;
      int failures =
          (int) signals.stream().filter(s -> "Leak".equals(s.result()) && gating(s)).count();
      int errors =
          (int)
              signals.stream().filter(s -> "Inconclusive".equals(s.result()) && gating(s)).count();
      boolean gateCase = signals.isEmpty();
      xml.writeStartElement("testsuite");
      xml.writeAttribute("name", "leakgate " + gate);
      xml.writeAttribute("tests", Integer.toString(gateCase ? 1 : signals.size()));
      xml.writeAttribute(
          "failures", Integer.toString(gateCase && end == GateEnd.FAILED ? 1 : failures));
      xml.writeAttribute(
          "errors",
          Integer.toString(
              gateCase && end != GateEnd.PASSED && end != GateEnd.FAILED ? 1 : errors));
      if (gateCase) {
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", gate);
        xml.writeAttribute("name", gate);
        outcome(xml, end, status.reason, status.message);
        xml.writeEndElement();
      }
      for (LeakGateStatus.SignalStatus s : signals) {
        xml.writeStartElement("testcase");
        xml.writeAttribute("classname", gate);
        xml.writeAttribute("name", s.name() + " on " + s.pod());
        if (gating(s) && "Leak".equals(s.result())) {
          outcome(xml, GateEnd.FAILED, s.reason(), s.message());
        } else if (gating(s) && "Inconclusive".equals(s.result())) {
          outcome(xml, GateEnd.INCONCLUSIVE, s.reason(), s.message());
        } else if (s.message() != null) {
          xml.writeStartElement("system-out");
          xml.writeCharacters(s.result() + ": " + s.message());
          xml.writeEndElement();
        }
        xml.writeEndElement();
      }
      xml.writeEndElement();
      xml.writeEndDocument();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("could not write " + file + ": " + e.getMessage(), e);
    }
  }

  private static boolean gating(LeakGateStatus.SignalStatus s) {
    return !Boolean.FALSE.equals(s.gating());
  }

  private static void outcome(XMLStreamWriter xml, GateEnd end, String reason, String message)
      throws XMLStreamException {
    if (end == GateEnd.PASSED) {
      return;
    }
    xml.writeStartElement(end == GateEnd.FAILED ? "failure" : "error");
    xml.writeAttribute("type", reason == null ? end.name() : reason);
    xml.writeAttribute("message", message == null ? "" : message);
    xml.writeCharacters(message == null ? "" : message);
    xml.writeEndElement();
  }
}
