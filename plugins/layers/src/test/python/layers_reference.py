"""Prints the PyTorch reference numbers and strings that the kiln-layers tests hold as data.

Run with Debian's PyTorch (1.13): /usr/bin/python3 plugins/layers/src/test/python/layers_reference.py
Inputs and weights are deterministic formulas (det(n, k) below) that the Java tests rebuild the same way,
so no file is exchanged: the weights reach the Kiln layers through loadStateDict.
"""
import numpy as np
import torch
from torch import nn
import torch.nn.functional as F


def det(shape, k):
    """sin(0.37 * i + k) for i = 0..n-1 in double, rounded to float32, in the given shape."""
    n = int(np.prod(shape))
    return torch.from_numpy((np.sin(np.arange(n, dtype=np.float64) * 0.37 + k)).astype(np.float32)).reshape(shape)


def arr(t):
    return ", ".join("%.9gf" % v for v in t.detach().reshape(-1).tolist())


def section(name):
    print("\n=== " + name)


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512), nn.ReLU(), nn.Linear(512, 512), nn.ReLU(), nn.Linear(512, 10))

    def forward(self, x):
        return self.linear_relu_stack(self.flatten(x))


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)


section("prints")
print(NeuralNetwork())
print([k for k, _ in NeuralNetwork().named_parameters()])
print(Net())
for m in [nn.Conv2d(3, 8, (3, 5), stride=2, padding=(1, 2), bias=False), nn.Conv2d(2, 4, 3, padding=1),
          nn.MaxPool2d(2), nn.MaxPool2d(3, stride=2, padding=1), nn.Dropout(), nn.Dropout(0.25), nn.Dropout(1e-05),
          nn.Softmax(dim=1), nn.LogSoftmax(dim=-1), nn.Flatten(), nn.Flatten(0, 2), nn.Identity(), nn.Sigmoid(),
          nn.Tanh(), nn.ReLU(), nn.ReLU(inplace=True), nn.MSELoss(), nn.CrossEntropyLoss(reduction="sum"),
          nn.NLLLoss(), nn.Linear(4, 2, bias=False), nn.Sequential(), nn.Sequential(nn.Sequential(nn.ReLU()), nn.Tanh())]:
    print(repr(m))

section("load_state_dict errors")
class Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 10)
try:
    Small().load_state_dict({"fc.weight": torch.zeros(10, 5), "extra": torch.zeros(1)})
except RuntimeError as e:
    print(e)

section("linear")
lin = nn.Linear(5, 3)
lin.load_state_dict({"weight": det((3, 5), 0.0), "bias": det((3,), 1.0)})
x = det((4, 5), 2.0).requires_grad_()
y = lin(x)
print("out", arr(y))
(y * det((4, 3), 3.0)).sum().backward()
print("dW", arr(lin.weight.grad))
print("db", arr(lin.bias.grad))
print("dx", arr(x.grad))

section("conv2d stride 2 padding 1")
conv = nn.Conv2d(2, 3, 3, stride=2, padding=1)
conv.load_state_dict({"weight": det((3, 2, 3, 3), 0.5), "bias": det((3,), 1.5)})
x = det((2, 2, 5, 5), 2.5).requires_grad_()
y = conv(x)
print("shape", list(y.shape))
print("out", arr(y))
(y * det(tuple(y.shape), 3.5)).sum().backward()
print("dW", arr(conv.weight.grad))
print("db", arr(conv.bias.grad))

section("conv2d rect kernel, stride (2, 1), padding (0, 1), no bias")
conv = nn.Conv2d(1, 2, (2, 3), stride=(2, 1), padding=(0, 1), bias=False)
conv.load_state_dict({"weight": det((2, 1, 2, 3), 0.25)})
x = det((1, 1, 4, 5), 4.0)
y = conv(x)
print("shape", list(y.shape))
print("out", arr(y))

section("maxpool2d 3 stride 2 padding 1")
x = det((1, 2, 5, 5), 5.0)
y = nn.MaxPool2d(3, stride=2, padding=1)(x)
print("shape", list(y.shape))
print("out", arr(y))

section("losses")
logits = det((4, 3), 6.0).requires_grad_()
target = torch.tensor([2, 0, 1, 2])
for red in ["mean", "sum", "none"]:
    print("ce", red, arr(nn.CrossEntropyLoss(reduction=red)(logits, target)))
    print("nll", red, arr(nn.NLLLoss(reduction=red)(F.log_softmax(logits, 1), target)))
    print("mse", red, arr(nn.MSELoss(reduction=red)(logits, det((4, 3), 7.0))))
loss = nn.CrossEntropyLoss()(logits, target)
loss.backward()
print("ce dlogits", arr(logits.grad))
probs = torch.softmax(det((4, 3), 8.0), 1)
print("ce probs mean", arr(nn.CrossEntropyLoss()(logits, probs)))

section("padding by name")
print(nn.Conv2d(2, 4, 3, padding="same"))
print(nn.Conv2d(2, 4, (3, 5), padding="valid", bias=False))
for bad in [dict(padding="full"), dict(stride=2, padding="same")]:
    try:
        nn.Conv2d(2, 4, 3, **bad)
    except ValueError as e:
        print(e)
