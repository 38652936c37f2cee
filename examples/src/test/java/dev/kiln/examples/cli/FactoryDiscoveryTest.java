package dev.kiln.examples.cli;

import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.KilnRuntime.FactoryInfo;
import dev.kiln.Tensor;
import dev.kiln.layers.Linear;
import dev.kiln.nn.Layer;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.SGD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime finds the layer, optimizer and dataset factories by name, on the class path and in the plugins
 * folder; a pack that is in both serves from the class path (where user code's classes come from).
 */
class FactoryDiscoveryTest {

    @TempDir
    Path empty;

    @Test
    void classPathPacksServeByName() {
        try (KilnRuntime rt = Kiln.builder().pluginsDir(empty).build()) {
            assertTrue(rt.layers().keySet().containsAll(List.of("Linear", "Conv2d", "ReLU", "Sequential", "CrossEntropyLoss")),
                    rt.layers().keySet().toString());
            assertEquals(List.of("Adam", "AdamW", "RMSprop", "SGD"), List.copyOf(rt.optimizers().keySet()));
            assertTrue(rt.datasets().keySet().containsAll(List.of("FashionMNIST", "MNIST")), rt.datasets().keySet().toString());

            Layer linear = rt.layers().get("Linear").create(Map.of("in_features", 3, "out_features", 2));
            assertInstanceOf(Linear.class, linear, "the class-path Linear, the one user code compiles against");
            assertEquals("Linear(in_features=3, out_features=2, bias=True)", linear.toString());
            Optimizer sgd = rt.optimizers().get("SGD").create(linear.parameters(), Map.of("lr", 0.1));
            assertInstanceOf(SGD.class, sgd);
            assertTrue(rt.factories().stream().allMatch(f -> f.active() && f.origin().equals("classpath")));
        }
    }

    @Test
    void aPackAlsoInThePluginsFolderIsShadowedByTheClassPath() {
        Path packs = Path.of(System.getProperty("kiln.test.packs"));
        try (KilnRuntime rt = Kiln.builder().pluginsDir(packs).build()) {
            assertTrue(rt.plugins().stream().anyMatch(p -> p.id().equals("kiln-layers") && p.state().equals("STARTED")),
                    rt.plugins().toString());
            List<FactoryInfo> linears = rt.factories().stream().filter(f -> f.name().equals("Linear")).toList();
            assertEquals(2, linears.size(), linears.toString());
            assertEquals("classpath", linears.get(0).origin());
            assertTrue(linears.get(0).active());
            assertTrue(linears.get(1).origin().startsWith("plugin kiln-layers@"), linears.get(1).origin());
            assertFalse(linears.get(1).active());

            Layer linear = rt.layers().get("Linear").create(Map.of("in_features", 4, "out_features", 1));
            assertInstanceOf(Linear.class, linear);
            Tensor y = linear.forward(Tensor.ones(2, 4));
            assertEquals(List.of(2, 1), List.of(y.shape()[0], y.shape()[1]));
        }
    }
}
