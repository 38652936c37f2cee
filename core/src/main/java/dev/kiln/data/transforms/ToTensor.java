package dev.kiln.data.transforms;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Transform;

import java.util.Arrays;

/**
 * torchvision's {@code ToTensor}: an image as a uint8 tensor of shape H×W (grayscale) or H×W×C
 * (channels last, as PIL and NumPy hold them) becomes a float32 tensor C×H×W with values in [0, 1]
 * ({@code x / 255}). A tensor of another dtype is only laid out as C×H×W, not scaled, as torchvision
 * does for arrays that are not uint8.
 */
public final class ToTensor implements Transform<Tensor, Tensor> {
    /** The transform; it has no state. */
    public ToTensor() {}

    @Override
    public Tensor apply(Tensor image) {
        Tensor chw = switch (image.dim()) {
            case 2 -> image.unsqueeze(0);
            case 3 -> image.permute(2, 0, 1);
            default -> throw new IllegalArgumentException("ToTensor: expected an image of shape H×W or H×W×C, got "
                    + Arrays.toString(image.shape()) + " (" + image.dtype().torchName() + ")");
        };
        if (image.dtype() != DType.UINT8) return chw.contiguous();
        // in place on the fresh float copy: one intermediate tensor fewer per sample than div()
        return chw.to(DType.FLOAT32).div_(255.0);
    }

    @Override
    public String toString() { return "ToTensor()"; }
}
