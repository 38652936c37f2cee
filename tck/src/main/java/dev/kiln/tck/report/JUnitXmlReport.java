package dev.kiln.tck.report;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a suite run as a JUnit XML file (the Ant/Surefire {@code testsuite} format CI servers read):
 * one {@code testcase} per case, {@code failure} for a fail, {@code error} for an error,
 * {@code skipped} for unsupported. File: {@code TEST-kiln-tck.<backend>.<suite>.xml}.
 */
public final class JUnitXmlReport {
    private JUnitXmlReport() {}

    /** The file name for a suite run. */
    public static String fileName(SuiteRun run) {
        return "TEST-" + suiteName(run) + ".xml";
    }

    /** The {@code testsuite} name: {@code kiln-tck.<backend>.<suite>}. */
    public static String suiteName(SuiteRun run) {
        return "kiln-tck." + safe(run.backend()) + "." + safe(run.suite());
    }

    /** Writes {@code run} into {@code dir}; returns the file. */
    public static Path write(Path dir, SuiteRun run) throws IOException {
        Path file = dir.resolve(fileName(run));
        try (OutputStream out = Files.newOutputStream(file)) {
            write(out, run);
        }
        return file;
    }

    /** Writes {@code run} as UTF-8 XML to {@code out}. */
    public static void write(OutputStream out, SuiteRun run) throws IOException {
        int failures = 0;
        int errors = 0;
        int skipped = 0;
        for (CaseResult r : run.results()) {
            switch (r.status()) {
                case FAIL -> failures++;
                case ERROR -> errors++;
                case UNSUPPORTED -> skipped++;
                case PASS -> { }
            }
        }
        String suite = suiteName(run);
        try {
            XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            w.writeStartDocument("UTF-8", "1.0");
            w.writeCharacters("\n");
            w.writeStartElement("testsuite");
            w.writeAttribute("name", suite);
            w.writeAttribute("tests", Integer.toString(run.results().size()));
            w.writeAttribute("failures", Integer.toString(failures));
            w.writeAttribute("errors", Integer.toString(errors));
            w.writeAttribute("skipped", Integer.toString(skipped));
            w.writeCharacters("\n  ");
            w.writeStartElement("properties");
            property(w, "backend", run.backend());
            property(w, "suite", run.suite());
            w.writeEndElement();
            for (CaseResult r : run.results()) {
                w.writeCharacters("\n  ");
                w.writeStartElement("testcase");
                w.writeAttribute("classname", suite);
                w.writeAttribute("name", clean(r.name() + " (" + r.op() + ")"));
                String message = clean(r.message());
                switch (r.status()) {
                    case PASS -> {
                        w.writeStartElement("system-out");
                        w.writeCharacters(message);
                        w.writeEndElement();
                    }
                    case FAIL, ERROR -> {
                        w.writeStartElement(r.status() == CaseResult.Status.FAIL ? "failure" : "error");
                        w.writeAttribute("type", r.status().name());
                        w.writeAttribute("message", message);
                        w.writeCharacters(message + (Double.isNaN(r.maxAbsError()) ? ""
                                : String.format(Locale.ROOT, "%nmax abs err %.6g, max rel err %.6g", r.maxAbsError(), r.maxRelError())));
                        w.writeEndElement();
                    }
                    case UNSUPPORTED -> {
                        w.writeStartElement("skipped");
                        w.writeAttribute("message", "unsupported: " + message);
                        w.writeEndElement();
                    }
                }
                w.writeEndElement();
            }
            w.writeCharacters("\n");
            w.writeEndElement();
            w.writeCharacters("\n");
            w.writeEndDocument();
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IOException("writing JUnit XML for " + suite + ": " + e.getMessage(), e);
        }
    }

    private static void property(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeEmptyElement("property");
        w.writeAttribute("name", name);
        w.writeAttribute("value", clean(value));
    }

    /** Drops the characters XML 1.0 cannot hold (control characters other than tab, newline, return). */
    private static String clean(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            boolean ok = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || c >= 0x10000;
            sb.appendCodePoint(ok ? c : '?');
        });
        return sb.toString();
    }

    /** A name usable in a file name: letters, digits, '-', '_' and '.'; others become '_'. */
    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
