package dev.kiln.optim;

import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built jar is a PF4J plugin: dropped into a plugins folder, its four factories are found by name and
 * the optimizers they make (loaded by the plugin's class loader, with the api from the application's) train.
 * This is also what proves the plugin touches only public and protected api members: the package
 * dev.kiln.optim is split between two class loaders there, so package-private access would fail.
 */
class PluginJarTest {

    @Test
    void pluginFolderOffersEveryOptimizerByName(@TempDir Path dir) throws IOException {
        Path jar;
        try (var files = Files.list(Path.of("target"))) {
            jar = files.filter(f -> f.getFileName().toString().matches("kiln-optim-.*\\.jar")).findFirst().orElseThrow();
        }
        Files.copy(jar, dir.resolve(jar.getFileName()));
        PluginManager pm = new DefaultPluginManager(dir);
        pm.loadPlugins();
        pm.startPlugins();
        try {
            assertEquals(PluginState.STARTED, pm.getPlugin("kiln-optim").getPluginState());
            Map<String, OptimizerFactory> byName = new TreeMap<>();
            for (OptimizerFactory f : pm.getExtensions(OptimizerFactory.class, "kiln-optim")) byName.put(f.name(), f);
            assertEquals(List.of("Adam", "AdamW", "RMSprop", "SGD"), List.copyOf(byName.keySet()));
            for (OptimizerFactory f : byName.values()) {
                assertNotSame(SGD.class.getClassLoader(), f.getClass().getClassLoader(), "loaded from the jar");
                List<Tensor> p = TorchProblem.params();
                Optimizer opt = f.create(p, Map.of("lr", 0.01));
                double before = TorchProblem.loss(p).item();
                for (int i = 0; i < 3; i++) TorchProblem.trainStep(opt, p);
                assertTrue(TorchProblem.loss(p).item() < before, f.name() + " lowers the loss");
                opt.loadStateDict(opt.stateDict());
            }
        } finally {
            pm.unloadPlugins();
        }
    }
}
