package dev.kiln.optim;

import dev.kiln.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The factories: names, defaults, and messages for unknown, mistyped and invalid arguments. */
class OptimizerFactoryTest {
    private static final List<Tensor> P = TorchProblem.params();

    private static void assertMessage(String expected, OptimizerFactory f, Map<String, Object> args) {
        var e = assertThrows(IllegalArgumentException.class, () -> f.create(P, args));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void namesAndDefaultsAreTorchs() {
        assertInstanceOf(SGD.class, new SgdFactory().create(P, Map.of()));
        Optimizer sgd = new SgdFactory().create(P, null);
        assertEquals(Map.of("lr", 1e-3, "momentum", 0.0, "dampening", 0.0, "weight_decay", 0.0, "nesterov", false),
                Map.copyOf(sgd.paramGroups().getFirst().options()));
        Optimizer adamw = new AdamWFactory().create(P, Map.of());
        assertInstanceOf(AdamW.class, adamw);
        assertEquals(1e-2, adamw.paramGroups().getFirst().getDouble("weight_decay"));
        assertEquals(List.of(0.9, 0.999), adamw.paramGroups().getFirst().get("betas"));
        assertEquals(0.01, new RMSpropFactory().create(P, Map.of()).paramGroups().getFirst().lr());
        assertEquals(List.of("SGD", "Adam", "AdamW", "RMSprop"), List.of(new SgdFactory().name(), new AdamFactory().name(),
                new AdamWFactory().name(), new RMSpropFactory().name()));
        // JSON numbers may arrive as integers
        assertEquals(1.0, new SgdFactory().create(P, Map.of("lr", 1)).paramGroups().getFirst().lr());
    }

    @Test
    void badArgumentsNameTheOptimizerTheArgumentAndWhatIsValid() {
        assertMessage("SGD: unknown argument 'momentun'; valid arguments: dampening, lr, momentum, nesterov, weight_decay",
                new SgdFactory(), Map.of("momentun", 0.9));
        assertMessage("SGD: argument 'lr' must be a number, got the string \"fast\"", new SgdFactory(), Map.of("lr", "fast"));
        assertMessage("SGD: argument 'nesterov' must be true or false, got the string \"yes\"",
                new SgdFactory(), Map.of("nesterov", "yes"));
        assertMessage("SGD: argument 'lr': Invalid learning rate: -1.0", new SgdFactory(), Map.of("lr", -1.0));
        assertMessage("SGD: argument 'nesterov': Nesterov momentum requires a momentum and zero dampening",
                new SgdFactory(), Map.of("nesterov", true));
        assertMessage("Adam: argument 'betas' must be a list of 2 numbers, got the list [0.9]", new AdamFactory(),
                Map.of("betas", List.of(0.9)));
        assertMessage("AdamW: argument 'betas': Invalid beta parameter at index 1: 1.5", new AdamWFactory(),
                Map.of("betas", List.of(0.9, 1.5)));
        assertMessage("RMSprop: unknown argument 'betas'; valid arguments: alpha, centered, eps, lr, momentum, weight_decay",
                new RMSpropFactory(), Map.of("betas", List.of(0.9, 0.99)));
        assertMessage("RMSprop: argument 'alpha': Invalid alpha value: -0.1", new RMSpropFactory(), Map.of("alpha", -0.1));
        assertMessage("Adam: argument 'eps' must be a number, got the string \"1e-8\"", new AdamFactory(), Map.of("eps", "1e-8"));
        assertMessage("Adam: argument 'amsgrad' must be true or false, got the integer 1", new AdamFactory(), Map.of("amsgrad", 1));
    }

    @Test
    void theJarIndexesEveryFactoryForPf4j() throws IOException {
        // this module's own index (other jars on the test class path have theirs)
        URL classes = SgdFactory.class.getProtectionDomain().getCodeSource().getLocation();
        URL index = classes.getPath().endsWith(".jar")
                ? URI.create("jar:" + classes + "!/META-INF/extensions.idx").toURL()
                : URI.create(classes + "META-INF/extensions.idx").toURL();
        String idx;
        try (InputStream in = index.openStream()) {
            idx = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (Class<?> c : List.of(SgdFactory.class, AdamFactory.class, AdamWFactory.class, RMSpropFactory.class)) {
            assertTrue(idx.contains(c.getName()), idx);
        }
    }
}
