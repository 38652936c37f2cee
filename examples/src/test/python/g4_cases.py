#!/usr/bin/python3
"""Prints f"{v:.4g}" for the values FiguresTest checks (the Java test holds this output as data)."""
VALUES = [0.8575, 35.34, 1234.5, 12345.0, 183.21, 0.00012345, 0.000012345, 1.0, 100.0, 2.5e-7, 9.99951, 123456789.0,
          0.1, 1e-4, 9999.4, 9999.6, 1.5, 2.5, 0.04856, 52.0, 1.23456e10]
for v in VALUES:
    print(f'{{{v!r}, "{v:.4g}"}},')
