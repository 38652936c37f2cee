package dev.kiln.examples.train;

import dev.kiln.DType;
import dev.kiln.Tensor;
import dev.kiln.data.Dataset;
import dev.kiln.data.Sample;
import dev.kiln.data.transforms.ToTensor;

/** Small dataset views the commands need. */
public final class Datasets {
    private Datasets() {}

    /** The first {@code n} samples of {@code ds} ({@code torch.utils.data.Subset(ds, range(n))}); all when n is 0 or more than its size. */
    public static <S> Dataset<S> first(Dataset<S> ds, int n) {
        if (n <= 0 || n >= ds.size()) return ds;
        return new Dataset<>() {
            @Override public int size() { return n; }
            @Override public S get(int index) { return ds.get(Dataset.checkIndex("Subset", index, n)); }
        };
    }

    /**
     * Samples whose input is an integer image (uint8 H×W or H×W×C, as image datasets without a transform give)
     * with {@code ToTensor} applied: float C×H×W in [0, 1], what the layers expect.
     */
    public static Dataset<Object> imagesToTensor(Dataset<?> ds) {
        ToTensor toTensor = new ToTensor();
        return new Dataset<>() {
            @Override public int size() { return ds.size(); }

            @Override
            public Object get(int index) {
                Object s = ds.get(index);
                if (s instanceof Sample<?, ?> sample && sample.input() instanceof Tensor x && x.dtype() == DType.UINT8) {
                    return Sample.of(toTensor.apply(x), sample.target());
                }
                return s;
            }
        };
    }
}
