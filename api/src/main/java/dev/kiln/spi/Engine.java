package dev.kiln.spi;

import dev.kiln.DType;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.TensorOptions;
import dev.kiln.nn.F;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The bridge from the api's static entry points ({@code Tensor.zeros}, {@code F.conv2d},
 * {@code Kiln.manualSeed}) to the engine that implements them. kiln-core provides the one
 * implementation through {@link ServiceLoader}; backend and layer plugins never implement it.
 */
public interface Engine {

    /** The engine on the class path; fails with what to add when there is none. */
    static Engine get() { return Holder.INSTANCE; }

    // creation
    Tensor fromArray(Object nestedArray, DType dtype);
    Tensor scalar(double value, DType dtype);
    Tensor full(int[] shape, double value, TensorOptions options);
    Tensor empty(int[] shape, TensorOptions options);
    Tensor rand(int[] shape, TensorOptions options);
    Tensor randn(int[] shape, TensorOptions options);
    Tensor randint(long low, long high, int[] shape, TensorOptions options);
    Tensor arange(double start, double end, double step, TensorOptions options);
    Tensor linspace(double start, double end, int steps, TensorOptions options);
    Tensor eye(int rows, int cols, TensorOptions options);
    Tensor wrap(MemorySegment segment, DType dtype, int[] shape);

    // joining and selection
    Tensor cat(List<Tensor> tensors, int dim);
    Tensor stack(List<Tensor> tensors, int dim);
    Tensor where(Tensor cond, Tensor a, Tensor b);
    Tensor oneHot(Tensor labels, int numClasses);

    // functional nn
    Tensor linear(Tensor input, Tensor weight, Tensor bias);
    Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding);
    Tensor.ValuesIndices maxPool2d(Tensor input, int kernelSize, int stride, int padding);
    Tensor mseLoss(Tensor input, Tensor target, F.Reduction reduction);
    Tensor nllLoss(Tensor input, Tensor target, F.Reduction reduction);
    Tensor crossEntropy(Tensor input, Tensor target, F.Reduction reduction);

    // autograd
    /** Sets grad mode for this thread until the returned scope closes. */
    dev.kiln.autograd.GradScope gradEnabled(boolean enabled);
    /** Grad mode of this thread. */
    boolean isGradEnabled();
    /** Sets anomaly mode for this thread until the returned scope closes. */
    dev.kiln.autograd.GradScope anomalyMode(boolean enabled);
    /** Anomaly mode of this thread. */
    boolean isAnomalyEnabled();
    /** {@code torch.autograd.grad}. */
    List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                      boolean retainGraph, boolean createGraph, boolean allowUnused);

    // save and load (safetensors)
    /** Writes a state dict and metadata as a safetensors file, atomically. */
    void save(java.util.Map<String, Tensor> stateDict, java.util.Map<String, String> metadata, java.nio.file.Path path)
            throws java.io.IOException;
    /** Reads a safetensors file's tensors, in file order. */
    java.util.Map<String, Tensor> load(java.nio.file.Path path) throws java.io.IOException;
    /** Reads a safetensors file's {@code __metadata__}. */
    java.util.Map<String, String> loadMetadata(java.nio.file.Path path) throws java.io.IOException;
    // optimizer updates (dev.kiln.optim.Updates)
    /** One in-place SGD update of {@code param}; see {@link dev.kiln.optim.Updates#sgd}. */
    void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, double lr, double momentum, double dampening,
                 double weightDecay, boolean nesterov, boolean firstStep);
    /** One in-place Adam / AdamW update of {@code param}; see {@link dev.kiln.optim.Updates#adam}. */
    void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step, double lr,
                  double beta1, double beta2, double eps, double weightDecay, boolean decoupledWeightDecay,
                  boolean amsgrad);

    // runtime
    void manualSeed(long seed);
    KilnRuntime runtime();
    KilnRuntime.Builder runtimeBuilder();

    /** Lazy holder: the engine is looked up once, on first use. */
    final class Holder {
        private Holder() {}

        static final Engine INSTANCE = load();

        private static Engine load() {
            return ServiceLoader.load(Engine.class, Engine.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no Kiln engine on the class path: add the dev.kiln:kiln-core dependency"));
        }
    }
}
