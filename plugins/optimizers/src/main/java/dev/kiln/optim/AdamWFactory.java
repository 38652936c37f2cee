package dev.kiln.optim;

import dev.kiln.Tensor;
import org.pf4j.Extension;

import java.util.List;
import java.util.Map;

/** Makes {@link AdamW} by name from torch's keyword arguments: lr (1e-3), betas ([0.9, 0.999]), eps, weight_decay (1e-2), amsgrad. */
@Extension
public final class AdamWFactory implements OptimizerFactory {
    @Override public String name() { return "AdamW"; }

    @Override
    public Optimizer create(List<Tensor> params, Map<String, Object> args) {
        return AdamFactories.create(name(), params, args, 1e-2, AdamW::new);
    }
}
