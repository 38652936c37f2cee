package dev.kiln.data.transforms;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Transform;

/**
 * torchvision's {@code ConvertImageDtype(torch.float)} for image tensors already laid out C×H×W (as
 * {@code ImageCsvDataset} and {@code read_image} give them): a uint8 image becomes {@code x / 255} in the
 * float dtype, keeping its shape; a float image is only cast. Only float targets are supported.
 */
public final class ConvertImageDtype implements Transform<Tensor, Tensor> {
    private final DType dtype;

    /**
     * Converts to {@code dtype}.
     *
     * @param dtype a floating point dtype
     * @throws IllegalArgumentException for an integer or bool dtype
     */
    public ConvertImageDtype(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("ConvertImageDtype: converting to " + dtype.torchName()
                    + " is not supported; give a floating point dtype (float32, float64, ...)");
        }
        this.dtype = dtype;
    }

    @Override
    public Tensor apply(Tensor image) {
        if (image.dtype() == DType.UINT8) return image.to(dtype).div_(255.0);
        if (image.dtype().isFloatingPoint()) return image.to(dtype);
        throw new IllegalArgumentException("ConvertImageDtype: expected a uint8 or float image, got "
                + image.dtype().torchName());
    }

    @Override
    public String toString() { return "ConvertImageDtype(" + dtype + ")"; }
}
