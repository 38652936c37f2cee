package dev.kiln.layers;

import dev.kiln.nn.F;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code print(model)} as PyTorch prints it; expected strings from src/test/python/layers_reference.py. */
class ModulePrintTest {

    @Test
    void quickstartNeuralNetwork() {
        assertEquals("""
                NeuralNetwork(
                  (flatten): Flatten(start_dim=1, end_dim=-1)
                  (linear_relu_stack): Sequential(
                    (0): Linear(in_features=784, out_features=512, bias=True)
                    (1): ReLU()
                    (2): Linear(in_features=512, out_features=512, bias=True)
                    (3): ReLU()
                    (4): Linear(in_features=512, out_features=10, bias=True)
                  )
                )""", new Models.NeuralNetwork().toString());
    }

    @Test
    void tutorialLeNet() {
        // /work/shared/tutorials/001_*.txt, the output of print(net)
        assertEquals("""
                Net(
                  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
                  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
                  (fc1): Linear(in_features=400, out_features=120, bias=True)
                  (fc2): Linear(in_features=120, out_features=84, bias=True)
                  (fc3): Linear(in_features=84, out_features=10, bias=True)
                )""", new Models.Net().toString());
    }

    @Test
    void eachLayerAsExtraRepr() {
        assertEquals("Conv2d(3, 8, kernel_size=(3, 5), stride=(2, 2), padding=(1, 2), bias=False)",
                new Conv2d(3, 8, new int[] {3, 5}, new int[] {2, 2}, new int[] {1, 2}, false).toString());
        assertEquals("Conv2d(2, 4, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", new Conv2d(2, 4, 3, 1, 1).toString());
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)", new MaxPool2d(3, 2, 1).toString());
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        assertEquals("Dropout(p=0.25, inplace=False)", new Dropout(0.25).toString());
        assertEquals("Dropout(p=1e-05, inplace=False)", new Dropout(1e-5).toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("LogSoftmax(dim=-1)", new LogSoftmax(-1).toString());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("Flatten(start_dim=0, end_dim=2)", new Flatten(0, 2).toString());
        assertEquals("Identity()", new Identity().toString());
        assertEquals("Sigmoid()", new Sigmoid().toString());
        assertEquals("Tanh()", new Tanh().toString());
        assertEquals("ReLU()", new ReLU().toString());
        assertEquals("ReLU(inplace=True)", new ReLU(true).toString());
        assertEquals("MSELoss()", new MSELoss().toString());
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss(F.Reduction.SUM).toString());
        assertEquals("NLLLoss()", new NLLLoss().toString());
        assertEquals("Linear(in_features=4, out_features=2, bias=False)", new Linear(4, 2, false).toString());
        assertEquals("Sequential()", new Sequential().toString());
        assertEquals("""
                Sequential(
                  (0): Sequential(
                    (0): ReLU()
                  )
                  (1): Tanh()
                )""", new Sequential(new Sequential(new ReLU()), new Tanh()).toString());
    }
}
