#!/usr/bin/python3
"""Writes the .npy fixtures of NpyTest with NumPy, and manifest.txt describing them.

Run:  cd core/src/test/resources/npy && /usr/bin/python3 gen_npy_fixtures.py

manifest.txt, one line per file:
    FILE KILN_DTYPE C|F SHAPE(comma-separated, '-' for 0-d) VALUES(row-major, space-separated)
"""
import io
import numpy as np

KILN = {"f2": "float16", "f4": "float32", "f8": "float64", "i1": "int8", "u1": "uint8", "i2": "int16",
        "i4": "int32", "i8": "int64", "b1": "bool"}


def values(kind, n):
    i = np.arange(n)
    if kind == "f":
        return (i - n / 2) / 4 + 0.125          # exact in float16/32/64
    if kind == "b":
        return i % 3 == 0
    return i * 37 - 50                            # wraps for 1-byte types, like a C cast


rows = []


def save(name, arr, fortran=False, version=None):
    arr = np.asfortranarray(arr) if fortran else np.ascontiguousarray(arr)
    with open(name, "wb") as f:
        if version is None:
            np.save(f, arr)
        else:
            np.lib.format.write_array(f, arr, version=version)
    code = arr.dtype.str[1:]
    shape = ",".join(str(s) for s in arr.shape) or "-"
    flat = np.ascontiguousarray(arr).reshape(-1)
    if arr.dtype.kind == "b":
        text = " ".join("True" if v else "False" for v in flat)
    elif arr.dtype.kind == "f":
        text = " ".join(repr(float(v)) for v in flat)
    else:
        text = " ".join(str(int(v)) for v in flat)
    rows.append(" ".join(x for x in [name, KILN[code], "F" if fortran else "C", shape, text] if x))


for code in ["f2", "f4", "f8", "i1", "u1", "i2", "i4", "i8", "b1"]:
    raw = values(code[0], 24)
    arr = raw.astype(np.dtype("<" + code) if code != "b1" else np.bool_).reshape(2, 3, 4)
    save("le_%s.npy" % code, arr)
for code in ["f2", "f4", "f8", "i2", "i4", "i8"]:
    arr = values(code[0], 6).astype(np.dtype(">" + code)).reshape(3, 2)
    save("be_%s.npy" % code, arr)
save("fortran_f4.npy", values("f", 12).astype("<f4").reshape(3, 4), fortran=True)
save("fortran_i4_3d.npy", values("i", 24).astype("<i4").reshape(2, 3, 4), fortran=True)
save("scalar_f8.npy", np.array(2.5, dtype="<f8"))
save("empty_f4.npy", np.zeros((0, 3), dtype="<f4"))
save("vector_i8.npy", values("i", 5).astype("<i8"))
save("v2_f4.npy", values("f", 6).astype("<f4").reshape(2, 3), version=(2, 0))
save("v3_i2.npy", values("i", 4).astype("<i2"), version=(3, 0))

with open("manifest.txt", "w") as f:
    f.write("\n".join(rows) + "\n")
