package dev.kiln.layers;

import dev.kiln.Tensor;
import dev.kiln.nn.Layer;

import java.util.Map;

/**
 * Layers applied one after the other ({@code nn.Sequential}), named {@code "0"}, {@code "1"}, ... in
 * the order given, or by the names of a map (PyTorch's {@code OrderedDict} form).
 */
public class Sequential extends Layer {

    /**
     * A sequence of layers, named by position.
     *
     * @param layers the layers in order
     */
    public Sequential(Layer... layers) {
        for (Layer l : layers) append(l);
    }

    /**
     * A sequence of named layers, in the map's iteration order (use a {@link java.util.LinkedHashMap}).
     *
     * @param layers name → layer
     */
    public Sequential(Map<String, ? extends Layer> layers) {
        layers.forEach(this::registerModule);
    }

    /**
     * Adds a layer at the end, named by its position ({@code append}).
     *
     * @param layer the layer
     * @return this sequence
     */
    public Sequential append(Layer layer) {
        registerModule(Integer.toString(size()), layer);
        return this;
    }

    /** The number of layers ({@code len}). */
    public int size() { return children().size(); }

    /**
     * The layer at a position ({@code seq[i]}); negative counts from the end.
     *
     * @param index the position
     * @return the layer
     * @throws IndexOutOfBoundsException outside {@code [-size, size)}
     */
    public Layer get(int index) {
        int n = size();
        if (index < -n || index >= n) throw new IndexOutOfBoundsException("Sequential: index " + index + " is out of range for " + n + " layers");
        return children().get(index < 0 ? index + n : index);
    }

    /** Each layer's forward applied to the previous one's output. */
    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Layer l : children()) x = l.forward(x);
        return x;
    }
}
