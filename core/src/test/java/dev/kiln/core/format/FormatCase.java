package dev.kiln.core.format;

import dev.kiln.DType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One case of {@code format/formatter_cases.txt}: a tensor and what PyTorch printed for it
 * (written by {@code gen_format_cases.py}).
 */
record FormatCase(String name, DType dtype, int[] shape, String[] data, String suffix, String expected) {

    @Override
    public String toString() { return name; }

    /** The values as a double[], long[] or boolean[] for the case's dtype. */
    Object values() {
        return switch (dtype.kind()) {
            case FLOAT -> {
                double[] v = new double[data.length];
                for (int i = 0; i < v.length; i++) v[i] = parseDouble(data[i]);
                yield v;
            }
            case INTEGER -> {
                long[] v = new long[data.length];
                for (int i = 0; i < v.length; i++) v[i] = Long.parseLong(data[i]);
                yield v;
            }
            case BOOL -> {
                boolean[] v = new boolean[data.length];
                for (int i = 0; i < v.length; i++) v[i] = data[i].equals("True");
                yield v;
            }
        };
    }

    private static double parseDouble(String s) {
        return switch (s) {
            case "nan" -> Double.NaN;
            case "inf" -> Double.POSITIVE_INFINITY;
            case "-inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(s);
        };
    }

    /** Parses every case of the fixture on the test class path. */
    static List<FormatCase> load() {
        try (InputStream in = FormatCase.class.getResourceAsStream("/format/formatter_cases.txt")) {
            if (in == null) throw new IllegalStateException("format/formatter_cases.txt is not on the test class path");
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<FormatCase> cases = new ArrayList<>();
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty()) continue;
                String name = after(line, "case");
                DType dtype = DType.fromTorchName(after(r.readLine(), "dtype"));
                String shapeText = after(r.readLine(), "shape");
                int[] shape = shapeText.isEmpty() ? new int[0]
                        : java.util.Arrays.stream(shapeText.split(" ")).mapToInt(Integer::parseInt).toArray();
                String dataText = after(r.readLine(), "data");
                String[] data = dataText.isEmpty() ? new String[0] : dataText.split(" ");
                String next = r.readLine();
                String suffix = null;
                if (next.startsWith("suffix ")) {
                    suffix = after(next, "suffix");
                    next = r.readLine();
                }
                int lines = Integer.parseInt(after(next, "repr"));
                StringBuilder expected = new StringBuilder();
                for (int i = 0; i < lines; i++) {
                    if (i > 0) expected.append('\n');
                    expected.append(r.readLine());
                }
                if (!"end".equals(r.readLine())) throw new IllegalStateException("case " + name + ": missing 'end'");
                cases.add(new FormatCase(name, dtype, shape, data, suffix, expected.toString()));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String after(String line, String keyword) {
        if (line == null || !(line.equals(keyword) || line.startsWith(keyword + " "))) {
            throw new IllegalStateException("formatter_cases.txt: expected '" + keyword + "' line, got: " + line);
        }
        return line.substring(keyword.length()).strip();
    }
}
