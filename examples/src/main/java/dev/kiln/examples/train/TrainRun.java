package dev.kiln.examples.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.Kiln;
import dev.kiln.KilnRuntime;
import dev.kiln.Tensor;
import dev.kiln.data.Batch;
import dev.kiln.data.DataLoader;
import dev.kiln.data.Dataset;
import dev.kiln.nn.Layer;
import dev.kiln.nn.Loss;
import dev.kiln.optim.Optimizer;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A config-driven training run ({@code kiln train --config FILE [--resume CHECKPOINT]}).
 *
 * <p>Everything is built and checked before the first step: the config's shape, every named type, every
 * factory's arguments, both dataset splits, one forward pass and loss of a two-sample batch (which catches
 * layer sizes that do not chain), and a checkpoint to resume from. Any failure is a {@link ConfigException}
 * naming the field.
 *
 * <p>Reproducible and resumable: the seed makes the initial weights; each epoch {@code k} then reseeds the
 * runtime with {@code seed + k} and shuffles with a loader seeded by {@code seed} and {@code k}, so epoch
 * {@code k} depends only on the model and optimizer state it starts from. A checkpoint saves exactly that
 * state, so a run resumed after epoch {@code k} gives the same numbers as one that never stopped, bit for bit
 * on a backend whose kernels are deterministic (the reference backend; a backend whose parallel reductions
 * vary from run to run varies a resumed run by the same last-digit noise as two uninterrupted runs).
 */
public final class TrainRun {
    private TrainRun() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the run built, validated, ready to train. */
    private record Plan(Layer model, Loss loss, Optimizer optimizer, Dataset<Object> train, Dataset<Object> test) {}

    /**
     * Runs the config.
     *
     * @param resume   a checkpoint's JSON or safetensors file, or null to start fresh
     * @param progress where the progress bar draws, or null for none
     * @return the results of every epoch (those from the checkpoint first)
     */
    public static List<EpochResult> run(TrainConfig config, String source, Path resume, KilnRuntime runtime,
                                        PrintWriter out, PrintStream progress) throws IOException {
        ComponentResolver resolver = ComponentResolver.of(source, runtime);
        Kiln.manualSeed(config.seed());
        Plan plan = build(config, source, resolver, out);
        int start = 1;
        List<EpochResult> history = new ArrayList<>();
        if (resume != null) {
            Checkpoint c = loadCheckpoint(config, source, resume, plan);
            start = c.epoch() + 1;
            history.addAll(c.history());
            out.printf("Resumed from %s after epoch %d%n", resume, c.epoch());
        }
        if (start > config.trainer().epochs()) {
            out.printf("Nothing to do: the checkpoint ends at epoch %d and trainer.epochs is %d%n", start - 1, config.trainer().epochs());
            return history;
        }
        out.println(plan.model());
        TrainConfig.Loader l = config.dataLoader();
        try (DataLoader<Object, Batch> testLoader = DataLoader.builder(plan.test()).batchSize(l.batchSize()).workers(l.numWorkers()).build()) {
            for (int epoch = start; epoch <= config.trainer().epochs(); epoch++) {
                out.printf("Epoch %d%n-------------------------------%n", epoch);
                out.flush();
                Kiln.manualSeed(config.seed() + epoch);
                long t0 = System.nanoTime();
                double trainLoss;
                try (DataLoader<Object, Batch> trainLoader = DataLoader.builder(plan.train()).batchSize(l.batchSize())
                        .shuffle(l.shuffle()).seed(epochSeed(config.seed(), epoch)).dropLast(l.dropLast()).workers(l.numWorkers()).build();
                     ProgressBars.Progress bar = progress == null ? ProgressBars.none()
                             : ProgressBars.bar("Epoch " + epoch, trainLoader.size(), progress)) {
                    trainLoss = TrainingLoop.train(plan.model(), plan.loss(), plan.optimizer(), trainLoader, plan.train().size(), out, bar);
                }
                TrainingLoop.TestResult r = TrainingLoop.test(plan.model(), plan.loss(), testLoader);
                double seconds = (System.nanoTime() - t0) / 1e9;
                TrainingLoop.printTest(out, r);
                TrainingLoop.printTime(out, epoch, seconds);
                history.add(new EpochResult(epoch, trainLoss, r.avgLoss(), r.accuracy(), seconds));
                Path saved = new Checkpoint(epoch, plan.model().stateDict(), plan.optimizer().stateDict(), history, config.json())
                        .save(config.runDir());
                out.println("Saved checkpoint " + saved);
            }
        }
        Path plot = config.runDir().resolve("curves.png");
        TrainingPlot.write(history, config.name(), plot);
        out.println("Saved the loss and accuracy plot to " + plot);
        out.println("Done!");
        out.flush();
        return history;
    }

    /** The shuffle seed of an epoch: a function of the run's seed and the epoch alone. */
    static long epochSeed(long seed, int epoch) { return seed * 1_000_003L + epoch; }

    private static Plan build(TrainConfig config, String source, ComponentResolver resolver, PrintWriter out) {
        Layer model = resolver.model(config.arch());
        Loss loss = resolver.loss(config.loss());
        Optimizer optimizer = resolver.optimizer(config.optimizer(), model.parameters());
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (config.dataset().type().equals("FashionMNIST") && !config.dataset().args().containsKey("root")) {
            DataLocator.Source where = DataLocator.locate(null);
            defaults.put("root", where.root().toString());
            out.println("Using " + where.description());
        }
        Dataset<Object> train = Datasets.first(Datasets.imagesToTensor(resolver.dataset(config.dataset(), true, defaults)),
                config.trainer().trainSamples());
        Dataset<Object> test = Datasets.first(Datasets.imagesToTensor(resolver.dataset(config.dataset(), false, defaults)),
                config.trainer().testSamples());
        out.printf("Dataset %s: %d training and %d test samples%n", config.dataset().type(), train.size(), test.size());
        dryRun(source, model, loss, train);
        return new Plan(model, loss, optimizer, train, test);
    }

    /** One forward pass and loss on two samples, without recording, so a model that does not fit fails now. */
    private static void dryRun(String source, Layer model, Loss loss, Dataset<Object> train) {
        Batch b;
        try (DataLoader<Object, Batch> probe = DataLoader.builder(Datasets.first(train, 2)).batchSize(2).build();
             var it = probe.iterator()) {
            b = it.next();
        } catch (RuntimeException e) {
            throw new ConfigException(source, "dataset", "cannot read a batch: " + e.getMessage());
        }
        Tensor pred;
        try (var off = Kiln.noGrad()) {
            pred = model.forward(b.input());
        } catch (RuntimeException e) {
            throw new ConfigException(source, "arch", "the model cannot take a batch of shape "
                    + java.util.Arrays.toString(b.input().shape()) + ": " + e.getMessage());
        }
        try (var off = Kiln.noGrad()) {
            loss.forward(pred, b.target());
        } catch (RuntimeException e) {
            throw new ConfigException(source, "loss", "cannot compare the model's output of shape "
                    + java.util.Arrays.toString(pred.shape()) + " with the targets of shape "
                    + (b.target() == null ? "(none)" : java.util.Arrays.toString(b.target().shape())) + ": " + e.getMessage());
        }
    }

    private static Checkpoint loadCheckpoint(TrainConfig config, String source, Path resume, Plan plan) throws IOException {
        Checkpoint c;
        try {
            c = Checkpoint.load(resume);
        } catch (IOException e) {
            throw new ConfigException(source, "--resume", e.getMessage());
        }
        JsonNode was = JSON.readTree(c.configJson());
        JsonNode now = JSON.readTree(config.json());
        for (String field : List.of("arch", "optimizer", "loss", "dataset", "data_loader", "seed")) {
            if (!was.path(field).equals(now.path(field))) {
                throw new ConfigException(source, field, "differs from the config of checkpoint " + resume
                        + " (was " + was.path(field) + "); resume with the config the run was started with");
            }
        }
        try {
            plan.model().loadStateDict(c.model(), true);
            plan.optimizer().loadStateDict(c.optimizer());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, "--resume", "checkpoint " + resume + " does not fit the model: " + e.getMessage());
        }
        return c;
    }
}
