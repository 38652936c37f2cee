"""Writes core/src/test/resources/safetensors/torch_mlp.safetensors by hand (Debian has no safetensors
package): the state dict of a small PyTorch MLP, Linear(4, 3) -> ReLU -> Linear(3, 2), plus a few tensors
of other dtypes, and prints the input and PyTorch's output that SafetensorsTorchTest pastes as data.

The header's keys are sorted by name (as the safetensors package writes them) while the data follows the
state dict's order, so a reader must order tensors by their offsets, not by the JSON.

Run: python3 core/src/test/python/gen_safetensors_fixture.py   (torch 1.13, numpy; standard library)
"""
import json
import os
import struct

import torch

CODES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
         torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
         torch.bool: "BOOL"}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:  # numpy has no bfloat16: reinterpret the bits
        return t.view(torch.int16).numpy().astype("<i2").tobytes()
    return t.numpy().newbyteorder("<").tobytes() if t.numpy().dtype.byteorder == ">" else t.numpy().tobytes()


def write_safetensors(path, tensors, metadata):
    header, blobs, at = {}, [], 0
    for name, t in tensors.items():
        b = raw_bytes(t)
        header[name] = {"dtype": CODES[t.dtype], "shape": list(t.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    ordered = {"__metadata__": metadata}
    ordered.update(sorted(header.items()))
    text = json.dumps(ordered, separators=(",", ":")).encode("utf-8")
    text += b" " * (-(8 + len(text)) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for b in blobs:
            f.write(b)


def main():
    torch.manual_seed(3)
    model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU(), torch.nn.Linear(3, 2))
    x = torch.randn(5, 4) * 2
    with torch.no_grad():
        y = model(x)
    tensors = dict(model.state_dict())
    tensors["extra.f64"] = torch.tensor([1.0 / 3, -2.5e-300], dtype=torch.float64)
    tensors["extra.f16"] = torch.tensor([0.1, -65504.0, 6.1e-5], dtype=torch.float16)
    tensors["extra.bf16"] = torch.tensor([[0.1, -3.0e38], [1.5, 7.0]], dtype=torch.bfloat16)
    tensors["extra.i64"] = torch.tensor([-(2 ** 62), 7], dtype=torch.int64)
    tensors["extra.i32"] = torch.tensor(-123456, dtype=torch.int32)  # 0-d
    tensors["extra.i16"] = torch.tensor([-32768, 32767], dtype=torch.int16)
    tensors["extra.i8"] = torch.tensor([-128, 127], dtype=torch.int8)
    tensors["extra.u8"] = torch.tensor([0, 255], dtype=torch.uint8)
    tensors["extra.bool"] = torch.tensor([True, False, True])
    tensors["extra.empty"] = torch.zeros(0, 3)
    out = os.path.join(os.path.dirname(__file__), "..", "resources", "safetensors", "torch_mlp.safetensors")
    write_safetensors(out, tensors, {"format": "pt", "source": "gen_safetensors_fixture.py"})
    fmt = lambda t: ", ".join(repr(float(v)) + "f" for v in t.flatten().tolist())
    print("input (5, 4):", fmt(x))
    print("output (5, 2):", fmt(y))
    for k in ["extra.f16", "extra.bf16"]:
        print(k, [float(v) for v in tensors[k].flatten().tolist()])


if __name__ == "__main__":
    main()
