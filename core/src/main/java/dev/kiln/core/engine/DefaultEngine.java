package dev.kiln.core.engine;

import dev.kiln.DType;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.TensorOptions;
import dev.kiln.autograd.GradScope;
import dev.kiln.core.autograd.Autograd;
import dev.kiln.core.autograd.GradMode;
import dev.kiln.core.ops.Creation;
import dev.kiln.core.ops.Elementwise;
import dev.kiln.core.ops.IndexingOps;
import dev.kiln.core.ops.NnOps;
import dev.kiln.core.ops.ShapeOps;
import dev.kiln.core.random.Generator;
import dev.kiln.core.runtime.RuntimeBuilder;
import dev.kiln.core.runtime.Runtimes;
import dev.kiln.core.tensor.TensorImpl;
import dev.kiln.nn.F;
import dev.kiln.spi.Engine;

import java.lang.foreign.MemorySegment;
import java.util.List;

/** kiln-core's {@link Engine}: the api's static entry points, routed to the op families. */
public final class DefaultEngine implements Engine {

    private static TensorImpl of(Tensor t) { return TensorImpl.of(t); }

    private static TensorImpl optional(Tensor t) { return t == null ? null : TensorImpl.of(t); }

    @Override public Tensor fromArray(Object nestedArray, DType dtype) { return Creation.fromArray(nestedArray, dtype); }
    @Override public Tensor scalar(double value, DType dtype) { return Creation.scalar(value, dtype); }
    @Override public Tensor full(int[] shape, double value, TensorOptions o) { return Creation.full(shape, value, o); }
    @Override public Tensor empty(int[] shape, TensorOptions o) { return Creation.empty(shape, o); }
    @Override public Tensor rand(int[] shape, TensorOptions o) { return Creation.rand(shape, o); }
    @Override public Tensor randn(int[] shape, TensorOptions o) { return Creation.randn(shape, o); }
    @Override public Tensor randint(long low, long high, int[] shape, TensorOptions o) { return Creation.randint(low, high, shape, o); }
    @Override public Tensor arange(double start, double end, double step, TensorOptions o) { return Creation.arange(start, end, step, o); }
    @Override public Tensor linspace(double start, double end, int steps, TensorOptions o) { return Creation.linspace(start, end, steps, o); }
    @Override public Tensor eye(int rows, int cols, TensorOptions o) { return Creation.eye(rows, cols, o); }
    @Override public Tensor wrap(MemorySegment segment, DType dtype, int[] shape) { return Creation.wrap(segment, dtype, shape); }

    @Override public Tensor cat(List<Tensor> tensors, int dim) { return ShapeOps.cat(tensors, dim); }
    @Override public Tensor stack(List<Tensor> tensors, int dim) { return ShapeOps.stack(tensors, dim); }
    @Override public Tensor where(Tensor cond, Tensor a, Tensor b) { return Elementwise.where(of(cond), of(a), of(b)); }
    @Override public Tensor oneHot(Tensor labels, int numClasses) { return IndexingOps.oneHot(of(labels), numClasses); }

    @Override public Tensor linear(Tensor input, Tensor weight, Tensor bias) { return NnOps.linear(of(input), of(weight), optional(bias)); }
    @Override public Tensor conv2d(Tensor input, Tensor weight, Tensor bias, int[] stride, int[] padding) {
        return NnOps.conv2d(of(input), of(weight), optional(bias), stride, padding);
    }
    @Override public Tensor.ValuesIndices maxPool2d(Tensor input, int kernelSize, int stride, int padding) {
        return NnOps.maxPool2d(of(input), kernelSize, stride, padding);
    }
    @Override public Tensor mseLoss(Tensor input, Tensor target, F.Reduction r) { return NnOps.mseLoss(of(input), of(target), r); }
    @Override public Tensor nllLoss(Tensor input, Tensor target, F.Reduction r) { return NnOps.nllLoss(of(input), of(target), r); }
    @Override public Tensor crossEntropy(Tensor input, Tensor target, F.Reduction r) { return NnOps.crossEntropy(of(input), of(target), r); }

    @Override public GradScope gradEnabled(boolean enabled) { return GradMode.set(enabled); }
    @Override public boolean isGradEnabled() { return GradMode.isEnabled(); }
    @Override public GradScope anomalyMode(boolean enabled) { return GradMode.setAnomaly(enabled); }
    @Override public boolean isAnomalyEnabled() { return GradMode.isAnomalyEnabled(); }
    @Override public List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                                       boolean retainGraph, boolean createGraph, boolean allowUnused) {
        return Autograd.grad(outputs, inputs, gradOutputs, retainGraph, createGraph, allowUnused);
    }

    @Override public void save(java.util.Map<String, Tensor> stateDict, java.util.Map<String, String> metadata,
                               java.nio.file.Path path) throws java.io.IOException {
        dev.kiln.core.io.safetensors.Safetensors.write(stateDict, metadata, path);
    }
    @Override public java.util.Map<String, Tensor> load(java.nio.file.Path path) throws java.io.IOException {
        return dev.kiln.core.io.safetensors.Safetensors.read(path).tensors();
    }
    @Override public java.util.Map<String, String> loadMetadata(java.nio.file.Path path) throws java.io.IOException {
        return dev.kiln.core.io.safetensors.Safetensors.readHeader(path).metadata();
    }

    // optimizer updates (dev.kiln.core.optim)
    @Override public void sgdStep(Tensor param, Tensor grad, Tensor momentumBuffer, double lr, double momentum,
                                  double dampening, double weightDecay, boolean nesterov, boolean firstStep) {
        dev.kiln.core.optim.SgdStep.step(param, grad, momentumBuffer, lr, momentum, dampening, weightDecay, nesterov, firstStep);
    }
    @Override public void adamStep(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, Tensor maxExpAvgSq, long step,
                                   double lr, double beta1, double beta2, double eps, double weightDecay,
                                   boolean decoupledWeightDecay, boolean amsgrad) {
        dev.kiln.core.optim.AdamStep.step(param, grad, expAvg, expAvgSq, maxExpAvgSq, step, lr, beta1, beta2, eps,
                weightDecay, decoupledWeightDecay, amsgrad);
    }

    @Override public void manualSeed(long seed) { Generator.global().manualSeed(seed); }
    @Override public KilnRuntime runtime() { return Runtimes.current(); }
    @Override public KilnRuntime.Builder runtimeBuilder() { return new RuntimeBuilder(); }
}
