"""Prints the Fashion-MNIST figures RealFashionMnistTest checks (numpy reading Debian's gzip IDX files).

Run: python3 core/src/test/python/fashion_mnist_figures.py [/usr/share/datasets/fashion-mnist]
"""
import gzip
import sys

import numpy as np

d = (sys.argv[1] if len(sys.argv) > 1 else '/usr/share/datasets/fashion-mnist').rstrip('/') + '/'


def images(f):
    return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=16).reshape(-1, 28, 28)


def labels(f):
    return np.frombuffer(gzip.open(d + f).read(), np.uint8, offset=8)


tr, tl = images('train-images-idx3-ubyte.gz'), labels('train-labels-idx1-ubyte.gz')
te, el = images('t10k-images-idx3-ubyte.gz'), labels('t10k-labels-idx1-ubyte.gz')
print('shapes', tr.shape, te.shape)
print('first train labels', tl[:10].tolist(), 'first test labels', el[:10].tolist())
print('train[0] pixel sum', int(tr[0].sum()), 'row 14', tr[0][14].tolist())
print('train[59999] pixel sum', int(tr[59999].sum()), 'label', int(tl[59999]))
print('test[0] pixel sum', int(te[0].sum()), 'test[9999] pixel sum', int(te[9999].sum()), 'label', int(el[9999]))
print('all train pixels sum', int(tr.astype(np.int64).sum()), 'label counts', np.bincount(tl).tolist())
print('test split through ToTensor: sum of x/255 (float32, summed in float64)',
      repr(float(np.sum((te.astype(np.float32) / np.float32(255)).astype(np.float64)))), 'label sum', int(el.sum()))
