package dev.kiln.layers;

import dev.kiln.layers.factory.Conv2dFactory;
import dev.kiln.layers.factory.CrossEntropyLossFactory;
import dev.kiln.layers.factory.DropoutFactory;
import dev.kiln.layers.factory.FlattenFactory;
import dev.kiln.layers.factory.IdentityFactory;
import dev.kiln.layers.factory.LinearFactory;
import dev.kiln.layers.factory.LogSoftmaxFactory;
import dev.kiln.layers.factory.MSELossFactory;
import dev.kiln.layers.factory.MaxPool2dFactory;
import dev.kiln.layers.factory.NLLLossFactory;
import dev.kiln.layers.factory.ReLUFactory;
import dev.kiln.layers.factory.SequentialFactory;
import dev.kiln.layers.factory.SigmoidFactory;
import dev.kiln.layers.factory.SoftmaxFactory;
import dev.kiln.layers.factory.TanhFactory;
import dev.kiln.nn.F;
import dev.kiln.nn.Layer;
import dev.kiln.nn.LayerFactory;
import dev.kiln.nn.Loss;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Layers from PyTorch keyword arguments as a JSON config gives them, and the errors for bad ones. */
class FactoryTest {

    private static String make(LayerFactory f, Map<String, Object> args) { return f.create(args).toString(); }

    private static String error(LayerFactory f, Map<String, Object> args) {
        return assertThrows(IllegalArgumentException.class, () -> f.create(args)).getMessage();
    }

    @Test
    void everyLayerByNameWithPyTorchKeywords() {
        assertEquals("Linear(in_features=784, out_features=512, bias=True)",
                make(new LinearFactory(), Map.of("in_features", 784, "out_features", 512)));
        assertEquals("Linear(in_features=4, out_features=2, bias=False)",
                make(new LinearFactory(), Map.of("in_features", 4L, "out_features", 2.0, "bias", false)));
        assertEquals("Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))",
                make(new Conv2dFactory(), Map.of("in_channels", 1, "out_channels", 6, "kernel_size", 5)));
        assertEquals("Conv2d(3, 8, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), bias=False)",
                make(new Conv2dFactory(), Map.of("in_channels", 3, "out_channels", 8, "kernel_size", List.of(3, 5),
                        "stride", List.of(2, 1), "padding", List.of(1, 2), "bias", false, "groups", 1, "dilation", List.of(1, 1))));
        // layers_reference.py: padding given by name prints by name
        assertEquals("Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1), padding=same)",
                make(new Conv2dFactory(), Map.of("in_channels", 2, "out_channels", 4, "kernel_size", 3, "padding", "same")));
        assertEquals("Conv2d(2, 4, kernel_size=(3, 5), stride=(1, 1), padding=valid, bias=False)",
                make(new Conv2dFactory(), Map.of("in_channels", 2, "out_channels", 4, "kernel_size", List.of(3, 5),
                        "padding", "valid", "bias", false)));
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)",
                make(new MaxPool2dFactory(), Map.of("kernel_size", 2)));
        assertEquals("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)",
                make(new MaxPool2dFactory(), Map.of("kernel_size", List.of(3, 3), "stride", 2, "padding", 1)));
        assertEquals("ReLU()", make(new ReLUFactory(), Map.of()));
        assertEquals("ReLU(inplace=True)", make(new ReLUFactory(), Map.of("inplace", true)));
        assertEquals("Sigmoid()", make(new SigmoidFactory(), null));
        assertEquals("Tanh()", make(new TanhFactory(), Map.of()));
        assertEquals("Softmax(dim=1)", make(new SoftmaxFactory(), Map.of("dim", 1)));
        assertEquals("LogSoftmax(dim=-1)", make(new LogSoftmaxFactory(), Map.of("dim", -1)));
        assertEquals("Flatten(start_dim=1, end_dim=-1)", make(new FlattenFactory(), Map.of()));
        assertEquals("Flatten(start_dim=0, end_dim=2)", make(new FlattenFactory(), Map.of("start_dim", 0, "end_dim", 2)));
        assertEquals("Dropout(p=0.5, inplace=False)", make(new DropoutFactory(), Map.of()));
        assertEquals("Dropout(p=0.2, inplace=False)", make(new DropoutFactory(), Map.of("p", 0.2)));
        assertEquals("Identity()", make(new IdentityFactory(), Map.of("anything", 1)));
        assertEquals("Sequential()", make(new SequentialFactory(), Map.of()));
        assertEquals(F.Reduction.MEAN, ((Loss) new CrossEntropyLossFactory().create(Map.of())).reduction());
        assertEquals(F.Reduction.SUM, ((Loss) new NLLLossFactory().create(Map.of("reduction", "sum"))).reduction());
        Layer mse = new MSELossFactory().create(Map.of("reduction", "none"));
        assertInstanceOf(MSELoss.class, mse);
        assertEquals(F.Reduction.NONE, ((Loss) mse).reduction());
    }

    @Test
    void namesAreThePyTorchClassNames() {
        List<Supplier<LayerFactory>> all = List.of(LinearFactory::new, Conv2dFactory::new, MaxPool2dFactory::new,
                ReLUFactory::new, SigmoidFactory::new, TanhFactory::new, SoftmaxFactory::new, LogSoftmaxFactory::new,
                FlattenFactory::new, SequentialFactory::new, DropoutFactory::new, IdentityFactory::new,
                MSELossFactory::new, CrossEntropyLossFactory::new, NLLLossFactory::new);
        assertEquals(List.of("Linear", "Conv2d", "MaxPool2d", "ReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Flatten",
                "Sequential", "Dropout", "Identity", "MSELoss", "CrossEntropyLoss", "NLLLoss"),
                all.stream().map(s -> s.get().name()).toList());
    }

    @Test
    void badArgumentsNameTheLayerTheArgumentAndWhatIsValid() {
        assertEquals("Linear: unknown argument 'in_feature'; valid arguments are in_features, out_features, bias",
                error(new LinearFactory(), Map.of("in_feature", 784, "out_features", 512)));
        assertEquals("Linear: missing required argument 'out_features' (an int)",
                error(new LinearFactory(), Map.of("in_features", 784)));
        assertEquals("Linear: argument 'in_features' must be an int, got '784' (a string)",
                error(new LinearFactory(), Map.of("in_features", "784", "out_features", 512)));
        assertEquals("Linear: argument 'in_features' must be an int, got 784.5 (a float)",
                error(new LinearFactory(), Map.of("in_features", 784.5, "out_features", 512)));
        assertEquals("Linear: argument 'bias' must be a boolean (true or false), got 'yes' (a string)",
                error(new LinearFactory(), Map.of("in_features", 1, "out_features", 1, "bias", "yes")));
        assertEquals("Linear: in_features must be a positive int, got 0",
                error(new LinearFactory(), Map.of("in_features", 0, "out_features", 1)));
        assertEquals("Conv2d: argument 'kernel_size' must be an int or a list of 2 ints, got [3, 3, 3] (a list)",
                error(new Conv2dFactory(), Map.of("in_channels", 1, "out_channels", 1, "kernel_size", List.of(3, 3, 3))));
        assertEquals("Conv2d: argument 'groups' = 2 is not supported (only 1, PyTorch's default)",
                error(new Conv2dFactory(), Map.of("in_channels", 2, "out_channels", 2, "kernel_size", 3, "groups", 2)));
        assertEquals("Conv2d: argument 'padding_mode' = 'reflect' is not supported (only 'zeros', PyTorch's default)",
                error(new Conv2dFactory(), Map.of("in_channels", 2, "out_channels", 2, "kernel_size", 3, "padding_mode", "reflect")));
        assertEquals("Conv2d: invalid padding string 'full', should be one of {'valid', 'same'}",
                error(new Conv2dFactory(), Map.of("in_channels", 2, "out_channels", 4, "kernel_size", 3, "padding", "full")));
        assertEquals("Conv2d: padding='same' is not supported for strided convolutions",
                error(new Conv2dFactory(), Map.of("in_channels", 2, "out_channels", 4, "kernel_size", 3, "stride", 2, "padding", "same")));
        assertEquals("Conv2d: argument 'padding' must be an int or a list of 2 ints, got true (a boolean)",
                error(new Conv2dFactory(), Map.of("in_channels", 2, "out_channels", 4, "kernel_size", 3, "padding", true)));
        assertEquals("MaxPool2d: argument 'kernel_size' must be an int or a list of 2 equal ints (only square windows are supported), got [2, 3] (a list)",
                error(new MaxPool2dFactory(), Map.of("kernel_size", List.of(2, 3))));
        assertEquals("MaxPool2d: missing required argument 'kernel_size' (an int)", error(new MaxPool2dFactory(), Map.of()));
        assertEquals("MaxPool2d: argument 'ceil_mode' = true is not supported (only false, PyTorch's default)",
                error(new MaxPool2dFactory(), Map.of("kernel_size", 2, "ceil_mode", true)));
        assertEquals("Softmax: missing required argument 'dim' (an int)", error(new SoftmaxFactory(), Map.of()));
        assertEquals("ReLU: unknown arguments 'alpha', 'beta'; valid arguments are inplace",
                error(new ReLUFactory(), Map.of("beta", 1, "alpha", 2)));
        assertEquals("Tanh: unknown argument 'x'; valid arguments are none", error(new TanhFactory(), Map.of("x", 1)));
        assertEquals("Dropout: dropout probability has to be between 0 and 1, but got 2.0", error(new DropoutFactory(), Map.of("p", 2)));
        assertEquals("CrossEntropyLoss: argument 'reduction' must be one of 'none', 'mean', 'sum', got 'avg'",
                error(new CrossEntropyLossFactory(), Map.of("reduction", "avg")));
        assertEquals("CrossEntropyLoss: unknown argument 'label_smoothing'; valid arguments are reduction",
                error(new CrossEntropyLossFactory(), Map.of("label_smoothing", 0.1)));
    }
}
