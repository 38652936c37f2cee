"""PyTorch's DataLoader on the same workload as DataLoaderThroughput.java, for comparison: the full
Fashion-MNIST training set, a map-style dataset whose __getitem__ does what torchvision's ToTensor does
to a uint8 28x28 image (float, /255, 1x28x28) and returns an int label, batch 64, shuffled.
(Debian has no torchvision, so the dataset is written here over numpy.)

Run: python3 core/src/test/python/dataloader_throughput.py [epochs] [workers ...]
"""
import gzip
import sys
import time

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

D = '/usr/share/datasets/fashion-mnist/'


class FashionMNIST(Dataset):
    def __init__(self):
        self.images = np.frombuffer(gzip.open(D + 'train-images-idx3-ubyte.gz').read(), np.uint8, offset=16).reshape(-1, 28, 28)
        self.labels = np.frombuffer(gzip.open(D + 'train-labels-idx1-ubyte.gz').read(), np.uint8, offset=8)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        img = torch.from_numpy(self.images[i].copy()).to(torch.float32).div(255).unsqueeze(0)
        return img, int(self.labels[i])


if __name__ == '__main__':
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    workers = [int(w) for w in sys.argv[2:]] or [0, 2]
    torch.manual_seed(0)
    ds = FashionMNIST()
    for w in workers:
        loader = DataLoader(ds, batch_size=64, shuffle=True, num_workers=w)
        for e in range(epochs + 1):
            t0, c0 = time.perf_counter(), time.process_time()
            n = sum(1 for _ in loader)
            s = time.perf_counter() - t0
            print(f'torch {torch.__version__} workers {w} epoch {e}{" (warm-up)" if e == 0 else ""}: {n} batches in {s:.2f} s'
                  f' = {n / s:.0f} batches/s, main-process CPU {time.process_time() - c0:.2f} s')
