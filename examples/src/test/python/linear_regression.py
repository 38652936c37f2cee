"""The linear-regression tutorial (../shared/tutorials/002_*.txt) trained to the end, as PyTorch prints it.

Its output is pasted into LinearRegressionTest (examples/src/test/java/dev/kiln/examples/regression/).
Run with Debian's PyTorch: /usr/bin/python3 examples/src/test/python/linear_regression.py
"""
import torch
import torch.optim as optim

torch.manual_seed(1)
x_train = torch.FloatTensor([[1], [2], [3]])
y_train = torch.FloatTensor([[2], [4], [6]])

W = torch.zeros(1, requires_grad=True)
print(W)
b = torch.zeros(1, requires_grad=True)
print(b)

optimizer = optim.SGD([W, b], lr=0.01)
nb_epochs = 1999
for epoch in range(nb_epochs + 1):
    hypothesis = x_train * W + b
    cost = torch.mean((hypothesis - y_train) ** 2)
    optimizer.zero_grad()
    cost.backward()
    optimizer.step()
    if epoch % 100 == 0:
        print('Epoch {:4d}/{} W: {:.3f}, b: {:.3f} Cost: {:.6f}'.format(epoch, nb_epochs, W.item(), b.item(), cost.item()))
