"""Writes the Fashion-MNIST subset shipped with the examples: the first 2,000 training and the first 500
test images and labels, as gzip IDX files with the canonical names, into
examples/src/main/resources/fashion-mnist-subset/. The quickstart falls back on it when the full set is
missing. The gzip header's mtime is 0, so the output is byte-for-byte repeatable.

Run from the repository root:
    python3 examples/src/test/python/make_fashion_mnist_subset.py [/usr/share/datasets/fashion-mnist]
"""
import gzip
import os
import struct
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else '/usr/share/datasets/fashion-mnist'
DST = os.path.join('examples', 'src', 'main', 'resources', 'fashion-mnist-subset')
SPLITS = [('train', 2000), ('t10k', 500)]


def read_idx(path):
    with gzip.open(path, 'rb') if path.endswith('.gz') else open(path, 'rb') as f:
        zero, code, rank = struct.unpack('>HBB', f.read(4))
        assert zero == 0 and code == 0x08, f'{path}: not a uint8 IDX file'
        dims = struct.unpack('>' + 'I' * rank, f.read(4 * rank))
        return dims, f.read()


def write_idx(path, dims, data):
    header = struct.pack('>HBB', 0, 0x08, len(dims)) + struct.pack('>' + 'I' * len(dims), *dims)
    tmp = path + '.tmp'
    with open(tmp, 'wb') as raw, gzip.GzipFile(filename='', mode='wb', fileobj=raw, mtime=0) as f:
        f.write(header + data)
    os.replace(tmp, path)


os.makedirs(DST, exist_ok=True)
for split, n in SPLITS:
    for kind, rank in (('images-idx3-ubyte', 3), ('labels-idx1-ubyte', 1)):
        name = f'{split}-{kind}'
        src = os.path.join(SRC, name + '.gz')
        if not os.path.exists(src):
            src = os.path.join(SRC, name)
        dims, data = read_idx(src)
        assert len(dims) == rank, f'{src}: rank {len(dims)}'
        per = 1
        for d in dims[1:]:
            per *= d
        write_idx(os.path.join(DST, name + '.gz'), (n,) + tuple(dims[1:]), data[:n * per])
        print(f'{name}.gz: {n} of {dims[0]}')
