package dev.kiln.examples.train;

/**
 * What one epoch gave.
 *
 * @param epoch     1-based epoch number
 * @param trainLoss mean loss over the epoch's training batches
 * @param testLoss  mean loss over the test set ({@code Avg loss})
 * @param accuracy  fraction of test samples classified right, in [0, 1]
 * @param seconds   wall time of the training part of the epoch
 */
public record EpochResult(int epoch, double trainLoss, double testLoss, double accuracy, double seconds) {}
