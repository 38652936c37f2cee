package dev.kiln.examples.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A config-driven training run in the style of the pytorch-template project, as read by
 * {@link TrainConfigParser}. Every component is named by its PyTorch class name and built through the
 * factories the runtime found (layer, optimizer and dataset packs):
 *
 * <pre>{@code
 * {
 *   "name": "fashion_mlp",
 *   "seed": 0,
 *   "dataset": {"type": "FashionMNIST", "args": {"root": "/usr/share/datasets/fashion-mnist"}},
 *   "data_loader": {"batch_size": 64, "shuffle": true, "num_workers": 0, "drop_last": false},
 *   "arch": [{"type": "Flatten"},
 *            {"type": "Linear", "args": {"in_features": 784, "out_features": 10}}],
 *   "loss": {"type": "CrossEntropyLoss"},
 *   "optimizer": {"type": "SGD", "args": {"lr": 0.001}},
 *   "trainer": {"epochs": 5, "save_dir": "saved/", "train_samples": 0, "test_samples": 0}
 * }
 * }</pre>
 *
 * @param name       the run's name: checkpoints go to {@code save_dir/name/}
 * @param seed       seeds the initial weights and, per epoch, the shuffle order
 * @param dataset    the dataset (its {@code train} argument is set by the trainer: train and test splits)
 * @param dataLoader batching
 * @param arch       the model: the layers of a {@code Sequential}, in order
 * @param loss       the loss layer
 * @param optimizer  the optimizer over the model's parameters
 * @param trainer    epochs, where checkpoints go, optional sample limits
 * @param json       the config's JSON text, normalised (stored in checkpoints so a resume can check it)
 */
public record TrainConfig(String name, long seed, Component dataset, Loader dataLoader, List<Component> arch,
                          Component loss, Component optimizer, Trainer trainer, String json) {

    /**
     * A component named by type with keyword arguments as parsed from JSON.
     *
     * @param type  the PyTorch class name ({@code "Linear"}, {@code "SGD"}, {@code "FashionMNIST"})
     * @param args  keyword arguments: Number, String, Boolean, List, Map values
     * @param field the config path of this component, for messages ({@code "arch[2]"})
     */
    public record Component(String type, Map<String, Object> args, String field) {}

    /**
     * The data loader's settings ({@code torch.utils.data.DataLoader}'s keywords).
     *
     * @param batchSize  samples per batch
     * @param shuffle    reshuffle the training set each epoch
     * @param numWorkers loader threads (0: load on the training thread)
     * @param dropLast   drop a last, smaller batch
     */
    public record Loader(int batchSize, boolean shuffle, int numWorkers, boolean dropLast) {}

    /**
     * The trainer's settings.
     *
     * @param epochs       epochs to train in all (a resumed run continues up to this number)
     * @param saveDir      the folder checkpoints go under
     * @param trainSamples use only the first N training samples (0: all)
     * @param testSamples  use only the first N test samples (0: all)
     */
    public record Trainer(int epochs, Path saveDir, int trainSamples, int testSamples) {}

    /** The folder this run's checkpoints go to: {@code save_dir/name}. */
    public Path runDir() { return trainer.saveDir().resolve(name); }
}
