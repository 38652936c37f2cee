"""Prints the parameters after each of 10 steps of torch.optim on a fixed float64 problem.

The output is pasted into OptimizerVsTorchTest (plugins/optimizers/src/test/java/dev/kiln/optim/).
Run with Debian's PyTorch: /usr/bin/python3 plugins/optimizers/src/test/python/optimizer_steps.py
Problem: W [2, 3], b [2]; loss = mean((X @ W.T + b - Y) ** 2) with the fixed X [4, 3], Y [4, 2] below.
Each case prints "case <name>" then 10 lines "step k: <W flattened and b, repr>".
"""
import torch

torch.set_printoptions(precision=17)
X = torch.tensor([[1.0, 2.0, -1.0], [0.5, -1.0, 2.0], [3.0, 0.0, 1.0], [-2.0, 1.0, 0.5]], dtype=torch.float64)
Y = torch.tensor([[1.0, -1.0], [2.0, 0.5], [0.0, 1.0], [-1.0, 2.0]], dtype=torch.float64)
W0 = [[0.1, -0.2, 0.3], [-0.4, 0.5, 0.6]]
B0 = [0.05, -0.05]

CASES = [
    ("sgd", lambda w, b: torch.optim.SGD([w, b], lr=0.1)),
    ("sgd_momentum", lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9)),
    ("sgd_nesterov", lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, nesterov=True)),
    ("sgd_dampening", lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, dampening=0.5)),
    ("sgd_weight_decay", lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, weight_decay=0.1)),
    ("sgd_groups", lambda w, b: torch.optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.01}], lr=0.1, momentum=0.9)),
    ("rmsprop", lambda w, b: torch.optim.RMSprop([w, b], lr=0.01)),
    ("rmsprop_centered", lambda w, b: torch.optim.RMSprop([w, b], lr=0.01, centered=True)),
    ("rmsprop_momentum", lambda w, b: torch.optim.RMSprop([w, b], lr=0.01, momentum=0.9)),
    ("rmsprop_all", lambda w, b: torch.optim.RMSprop([w, b], lr=0.01, alpha=0.9, eps=1e-6, weight_decay=0.1,
                                                     momentum=0.5, centered=True)),
    ("adam", lambda w, b: torch.optim.Adam([w, b], lr=0.1)),
    ("adam_weight_decay", lambda w, b: torch.optim.Adam([w, b], lr=0.1, weight_decay=0.1)),
    ("adam_amsgrad", lambda w, b: torch.optim.Adam([w, b], lr=0.1, betas=(0.8, 0.99), amsgrad=True)),
    ("adamw", lambda w, b: torch.optim.AdamW([w, b], lr=0.1, weight_decay=0.1)),
    ("adamw_amsgrad", lambda w, b: torch.optim.AdamW([w, b], lr=0.1, amsgrad=True)),
]

for name, make in CASES:
    w = torch.tensor(W0, dtype=torch.float64, requires_grad=True)
    b = torch.tensor(B0, dtype=torch.float64, requires_grad=True)
    opt = make(w, b)
    print("case", name)
    for k in range(1, 11):
        opt.zero_grad()
        loss = ((X @ w.T + b - Y) ** 2).mean()
        loss.backward()
        opt.step()
        values = w.detach().flatten().tolist() + b.detach().tolist()
        print("step %d: %s" % (k, " ".join(repr(v) for v in values)))
