package dev.kiln.core.format;

/**
 * The per-tensor element formatter of PyTorch's {@code torch._tensor_str._Formatter}: it looks
 * at every element that will be printed once, chooses integer, fixed or scientific notation for
 * floating tensors, and pads every element to one common width.
 */
final class ElementFormatter {
    private static final int PRECISION = 4;

    private final PrintData data;
    private final boolean intMode;
    private final boolean sciMode;
    private final int width;

    ElementFormatter(PrintData data) {
        this.data = data;
        if (data.floats() != null) {
            double[] v = data.floats();
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            boolean any = false;
            boolean integral = true;
            for (double x : v) {
                if (x == 0 || !Double.isFinite(x)) continue;
                any = true;
                double a = Math.abs(x);
                min = Math.min(min, a);
                max = Math.max(max, a);
                if (x != Math.ceil(x)) integral = false;
            }
            if (!any) {
                intMode = true;
                sciMode = false;
                width = 1;
                return;
            }
            intMode = integral;
            boolean sci = max / min > 1000.0 || max > 1.0e8 || (!integral && min < 1.0e-4);
            sciMode = sci;
            int w = 1;
            for (double x : v) {
                if (x == 0 || !Double.isFinite(x)) continue;
                int len;
                if (sci) len = PyNumberFormat.scientific(x, PRECISION).length();
                else if (integral) len = PyNumberFormat.fixed(x, 0).length() + 1;
                else len = PyNumberFormat.fixed(x, PRECISION).length();
                w = Math.max(w, len);
            }
            width = w;
        } else {
            intMode = false;
            sciMode = false;
            int w = 1;
            int n = data.size();
            for (int i = 0; i < n; i++) w = Math.max(w, raw(i).length());
            width = w;
        }
    }

    /** The common width of every formatted element. */
    int width() { return width; }

    /** The element at flat index {@code i} of the print data, left-padded to {@link #width()}. */
    String format(int i) {
        String s = raw(i);
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private String raw(int i) {
        if (data.floats() != null) {
            double x = data.floats()[i];
            if (sciMode) return PyNumberFormat.scientific(x, PRECISION);
            if (intMode) {
                String s = PyNumberFormat.fixed(x, 0);
                return Double.isFinite(x) ? s + "." : s;
            }
            return PyNumberFormat.fixed(x, PRECISION);
        }
        if (data.longs() != null) return Long.toString(data.longs()[i]);
        return data.bools()[i] ? "True" : "False";
    }
}
