package dev.kiln.core.format;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a tensor exactly as PyTorch's {@code repr(tensor)} does ({@code torch/_tensor_str.py}
 * with the default print options: precision 4, threshold 1000, edgeitems 3, linewidth 80):
 *
 * <pre>{@code
 * tensor([[1., 2.],
 *         [3., 4.]])
 * tensor([ True, False])
 * tensor([0.1235, 1.5000], dtype=torch.float64)
 * tensor([], size=(0, 3))
 * }</pre>
 *
 * <p>Elements are read only through the public {@link Tensor} API ({@code shape()},
 * {@code dtype()}, {@code device()}, {@code narrow()} and {@code toDoubleArray()} /
 * {@code toLongArray()} / {@code toBooleanArray()}), so this works for any implementation.
 */
public final class TensorFormatter {
    private TensorFormatter() {}

    private static final String PREFIX = "tensor(";
    private static final int LINE_WIDTH = 80;

    /** PyTorch's printed form of {@code t}. */
    public static String format(Tensor t) {
        return format(t, List.of());
    }

    /**
     * PyTorch's printed form of {@code t} with extra suffixes after the device and dtype ones,
     * e.g. {@code "grad_fn=<SumBackward0>"} or {@code "requires_grad=True"}; they wrap onto a new
     * line as PyTorch's do when the line would pass 80 characters.
     */
    public static String format(Tensor t, List<String> extraSuffixes) {
        return format(t, t.device(), extraSuffixes);
    }

    /**
     * {@link #format(Tensor, List)} printing {@code device} as the tensor's device: the seam
     * through which tests check the device suffix on a machine without that device.
     */
    static String format(Tensor t, Device device, List<String> extraSuffixes) {
        int indent = PREFIX.length();
        int[] shape = t.shape();
        DType dtype = t.dtype();
        List<String> suffixes = new ArrayList<>();
        if (device.type() != Device.Type.CPU) suffixes.add("device='" + device + "'");
        String body;
        if (t.numel() == 0) {
            if (shape.length != 1) suffixes.add("size=" + PyTuple.of(shape));
            if (dtype != DType.FLOAT32) suffixes.add("dtype=" + dtype);
            body = "[]";
        } else {
            if (dtype != DType.FLOAT32 && dtype != DType.INT64 && dtype != DType.BOOL) {
                suffixes.add("dtype=" + dtype);
            }
            PrintData data = PrintData.of(t);
            body = new Printer(data, new ElementFormatter(data)).print(indent);
        }
        suffixes.addAll(extraSuffixes);
        return addSuffixes(PREFIX + body, suffixes, indent);
    }

    /** {@code _add_suffixes}: a suffix goes on a new line when it would pass the line width. */
    private static String addSuffixes(String tensorStr, List<String> suffixes, int indent) {
        StringBuilder out = new StringBuilder(tensorStr);
        // PyTorch's own measure of the last line: len(s) - s.rfind("\n") + 1
        int lastLineLen = tensorStr.length() - tensorStr.lastIndexOf('\n') + 1;
        for (String suffix : suffixes) {
            if (lastLineLen + suffix.length() + 2 > LINE_WIDTH) {
                out.append(",\n").append(" ".repeat(indent)).append(suffix);
                lastLineLen = indent + suffix.length();
            } else {
                out.append(", ").append(suffix);
                lastLineLen += suffix.length() + 2;
            }
        }
        return out.append(')').toString();
    }

    /** {@code _tensor_str_with_formatter} over the kept elements. */
    private record Printer(PrintData data, ElementFormatter formatter) {

        String print(int indent) {
            int[] shape = data.shape();
            if (shape.length == 0) return formatter.format(0);
            StringBuilder sb = new StringBuilder();
            append(sb, 0, 0, indent);
            return sb.toString();
        }

        /** Appends the sub-tensor starting at dim {@code d}, flat offset {@code offset}. */
        private void append(StringBuilder sb, int d, int offset, int indent) {
            int[] shape = data.shape();
            int n = shape[d];
            boolean cut = data.summarized()[d];
            if (d == shape.length - 1) {
                appendVector(sb, offset, n, cut, indent);
                return;
            }
            int stride = 1;
            for (int k = d + 1; k < shape.length; k++) stride *= shape[k];
            int remainingDims = shape.length - d;
            String separator = "," + "\n".repeat(remainingDims - 1) + " ".repeat(indent + 1);
            sb.append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(separator);
                if (cut && i == PrintData.EDGE_ITEMS) sb.append("...").append(separator);
                append(sb, d + 1, offset + i * stride, indent + 1);
            }
            sb.append(']');
        }

        /** {@code _vector_str}: elements wrapped so each line fits the line width. */
        private void appendVector(StringBuilder sb, int offset, int n, boolean cut, int indent) {
            int elementLength = formatter.width() + 2;
            int perLine = Math.max(1, (LINE_WIDTH - indent) / elementLength);
            List<String> items = new ArrayList<>(n + 1);
            for (int i = 0; i < n; i++) {
                if (cut && i == PrintData.EDGE_ITEMS) items.add(" ...");
                items.add(formatter.format(offset + i));
            }
            String lineBreak = ",\n" + " ".repeat(indent + 1);
            sb.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) sb.append(i % perLine == 0 ? lineBreak : ", ");
                sb.append(items.get(i));
            }
            sb.append(']');
        }
    }
}
