package dev.kiln.core.autograd;

import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;

/**
 * A tensor an op's backward needs, with the version of its storage when it was saved: reading it
 * after an in-place write, or after backward freed it, fails with PyTorch's explanation.
 */
final class SavedTensor {
    private TensorImpl tensor;
    private final int version;
    private final String producer;
    private final String description;

    /**
     * @param producer the name of the node that made the tensor, or null for a leaf; an op saving its own
     *                 output passes its own name, since the output's grad_fn is set only after saving
     */
    SavedTensor(TensorImpl tensor, String producer) {
        this.tensor = tensor;
        this.version = tensor.ref().version();
        this.producer = producer;
        this.description = "[" + typeName(tensor) + " " + Shapes.str(tensor.shapeRef()) + "]";
    }

    /** The saved tensor, checked. */
    TensorImpl unpack(Node owner) {
        if (tensor == null) {
            throw new IllegalStateException("Trying to backward through the graph a second time (or directly access saved "
                    + "tensors after they have already been freed). Saved intermediate values of the graph are freed when "
                    + "you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through "
                    + "the graph a second time or if you need to access saved tensors after calling backward. (Kiln: "
                    + "backward(gradient, true) or Kiln.grad(..., retainGraph=true, ...); the freed node is "
                    + owner.name() + ")");
        }
        int now = tensor.ref().version();
        if (now != version) {
            // every Kiln node has one differentiable output, so a saved non-leaf is always output 0
            String whose = producer == null ? "" : ", which is output 0 of " + producer + ",";
            throw new IllegalStateException("one of the variables needed for gradient computation has been modified by an "
                    + "inplace operation: " + description + whose + " is at version " + now + "; expected version " + version
                    + " instead. It was saved for " + owner.name() + ". Hint: enable anomaly detection (Kiln.detectAnomaly()) "
                    + "to find the operation that failed to compute its gradient.");
        }
        return tensor;
    }

    void release() { tensor = null; }

    /** PyTorch's legacy type name in these messages, e.g. {@code torch.FloatTensor}. */
    private static String typeName(TensorImpl t) {
        String base = switch (t.dtype()) {
            case FLOAT32 -> "Float";
            case FLOAT64 -> "Double";
            case INT32 -> "Int";
            case INT64 -> "Long";
            case BOOL -> "Bool";
            default -> t.dtype().name();
        };
        return "torch." + base + "Tensor";
    }
}
