#!/usr/bin/python3
"""Generates formatter_cases.txt: tensors and PyTorch's repr() of them.

Run with Debian's PyTorch:  /usr/bin/python3 gen_format_cases.py > formatter_cases.txt

Each case is:
    case NAME
    dtype TORCH_DTYPE_NAME
    shape D0 D1 ...            (nothing after 'shape' for a 0-d tensor)
    data V0 V1 ...             (row-major; Python repr of each element: floats, ints, True/False, nan, inf)
    suffix TEXT                (optional, an autograd suffix such as grad_fn=<SelectBackward0>)
    repr N                     (N lines of repr(tensor) follow)
    ...
    end
"""
import math
import torch

torch.manual_seed(1234)
CASES = []


def case(name, t, suffix_of=None):
    """suffix_of: a tensor with autograd state whose repr is recorded instead of t's."""
    CASES.append((name, t, suffix_of))


def f(*vals, dtype=torch.float32):
    return torch.tensor(vals, dtype=dtype)


# --- basics
case("float_2x2", torch.tensor([[1., 2.], [3., 4.]]))
case("int_1d", torch.tensor([1, 2, 3]))
case("bool_1d", torch.tensor([True, False]))
case("bool_2d", torch.tensor([[True, False, True], [False, False, True]]))
case("scalar_float", torch.tensor(3.))
case("scalar_int", torch.tensor(-7))
case("scalar_decimal", torch.tensor(0.123456))
case("scalar_sci", torch.tensor(1.5e-7))
case("scalar_nan", torch.tensor(float("nan")))
case("scalar_bool", torch.tensor(True))
case("scalar_f64", torch.tensor(2.5, dtype=torch.float64))
# --- dtype suffixes
case("float64_suffix", torch.tensor([[1.5, 2.25], [3., 4.]], dtype=torch.float64))
case("int32_suffix", torch.tensor([[1, 2], [3, 4]], dtype=torch.int32))
case("float16_suffix", torch.tensor([0.1, 1.5, -2.75], dtype=torch.float16))
case("bfloat16_suffix", torch.tensor([0.1, 1.5, -2.75], dtype=torch.bfloat16))
case("uint8", torch.tensor([0, 7, 255], dtype=torch.uint8))
case("int8", torch.tensor([-128, 0, 127], dtype=torch.int8))
case("int16", torch.tensor([[-300, 2], [3, 4000]], dtype=torch.int16))
case("int64_big", torch.tensor([1, -1234567890123, 42]))
# --- float formatting modes
case("fixed_4dp", torch.tensor([0.12345, 1.5, -2.0, 10.25]))
case("fixed_negative_widths", torch.tensor([[-1.5, 2.25], [100.125, -0.5]]))
case("sci_small_min", torch.tensor([1e-5, 1.0, 2.5]))
case("sci_ratio", torch.tensor([0.5, 1000.5]))
case("sci_big_max", torch.tensor([1.5e9, 2.0]))
case("int_mode_sci_ratio", torch.tensor([1., 100000.]))
case("int_mode_sci_big", torch.tensor([3e9, -2e9]))
case("int_mode_widths", torch.tensor([-12., -8., 100.]))
case("nan_inf_int_mode", torch.tensor([0., float("nan"), float("inf"), -float("inf"), 2.]))
case("nan_inf_fixed", torch.tensor([float("nan"), 1.25, -float("inf")]))
case("nan_inf_sci", torch.tensor([float("nan"), 1e-6, float("inf")]))
case("all_zero", torch.zeros(2, 3))
case("negative_zero", torch.tensor([-0., 1.]))
case("rounding_half_even", torch.tensor([0.00005, 0.00015, 0.5], dtype=torch.float64))
case("round_to_ten", torch.tensor([9.99996, 0.5]))
case("sci_round_to_ten", torch.tensor([9.99996e-5, 0.5]))
case("sci_neg_zero_mix", torch.tensor([0., -1e-7, 3.]))
case("sci_three_digit_exp", torch.tensor([1e-120, 1.0], dtype=torch.float64))
case("float64_precise", torch.tensor([1 / 3, 2 / 3, 1e-3], dtype=torch.float64))
case("randn_3x4", torch.randn(3, 4))
case("rand_f64", torch.rand(2, 3, dtype=torch.float64))
# --- nesting
case("float_3d", torch.arange(24, dtype=torch.float32).reshape(2, 3, 4) / 4)
case("int_4d", torch.arange(16).reshape(2, 2, 2, 2) - 5)
case("size1_dims", torch.tensor([[[1.5]]]))
# --- line wrapping
case("wrap_1d_float", torch.randn(20))
case("wrap_2d_float", torch.randn(2, 15))
case("wrap_1d_int", torch.arange(40) * 1000)
case("wrap_bool", torch.arange(30) % 3 == 0)
case("wrap_sci", torch.randn(12) * 1e-6)
case("wrap_3d", torch.randn(2, 2, 14, dtype=torch.float64))
# --- summarisation
case("summary_1d", torch.arange(2000, dtype=torch.float32) / 8)
case("summary_1d_int", torch.arange(1001))
case("summary_2d", torch.randn(40, 30))
case("summary_2d_narrow", torch.randn(300, 4))
case("summary_2d_wide", torch.randn(4, 300))
case("summary_3d", torch.arange(12 * 12 * 12).reshape(12, 12, 12).to(torch.float64) / 3)
case("summary_exactly_6", torch.arange(6 * 6 * 30).reshape(6, 6, 30) % 7 == 0)
case("summary_formatter_sees_edges_only", torch.cat([torch.tensor([0.5, 1.5, 2.5]), torch.full((1000,), 1e-9), torch.tensor([3.5, 4.5, 5.5])]))
# --- empty
case("empty_1d", torch.tensor([]))
case("empty_0x3", torch.zeros(0, 3))
case("empty_int64", torch.zeros(0, dtype=torch.int64))
case("empty_2x0_f64", torch.zeros(2, 0, dtype=torch.float64))
case("empty_bool", torch.zeros(0, dtype=torch.bool))
# --- tutorials (../shared/tutorials)
t = torch.ones(4, 4); t[:, 1] = 0
case("tut_ones_col1_zero", t)
case("tut_cat_dim1", torch.cat([t, t, t], dim=1))
case("tut_cat_dim0", torch.cat([t, t, t], dim=0))
case("tut_matmul", t.matmul(t))
case("tut_add5", t + 5)
case("tut_add5_add_5", (t + 5).add_(5))
case("tut_ones5", torch.ones(5))
case("tut_sevens", torch.ones(5) + 6)
case("tut_int_2x2", torch.tensor([[1, 2], [3, 4]]))
case("tut_int32_2x2", torch.tensor([[1, 2], [3, 4]], dtype=torch.int32))
case("tut_rand_2x2", torch.tensor([[0.9445, 0.3262], [0.1734, 0.3048]]))
case("tut_grad_a", torch.tensor([36., 81.]))
case("tut_grad_b", torch.tensor([-12., -8.]))
case("tut_arange_2x5", torch.arange(10, dtype=torch.float32).reshape(2, 5))
case("tut_matmul_3x3", torch.tensor([[42., 48., 54.], [114., 136., 158.], [186., 224., 262.]]))
case("tut_scalar_40", torch.tensor(40.))
case("tut_bias_grad", torch.tensor([0.0072, -0.0048, -0.0158, 0.0011, 0.0010, -0.0047]))
leaf = torch.tensor([-0.5587, 0.25], requires_grad=True)
case("tut_select_grad_fn", leaf, suffix_of=leaf[0])
leaf = torch.tensor([-493.2259], requires_grad=True)
case("tut_sum_grad_fn", leaf, suffix_of=leaf.sum())
leaf = torch.tensor([0.0019, -0.1036, -0.0823, 0.1105, 0.0220, 0.0391, 0.0724, 0.0751, -0.0191, -0.1104],
                    requires_grad=True)
case("tut_row_grad_fn_wrapped", leaf, suffix_of=leaf.view(1, 10))
leaf = torch.tensor([2., 3.], requires_grad=True)
case("requires_grad_suffix", leaf, suffix_of=leaf)


def elem(v):
    if isinstance(v, bool):
        return "True" if v else "False"
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    return str(v)


def flat(t):
    x = t.detach().reshape(-1)
    if x.dtype in (torch.float16, torch.bfloat16):
        x = x.double()
    return x.tolist()


for name, t, shown in CASES:
    shown = t if shown is None else shown
    text = repr(shown)
    print("case " + name)
    print("dtype " + str(shown.dtype).replace("torch.", ""))
    print(("shape " + " ".join(str(s) for s in shown.shape)).rstrip())
    print(("data " + " ".join(elem(v) for v in flat(shown))).rstrip())
    suffix = None
    if shown.grad_fn is not None:
        suffix = "grad_fn=<" + type(shown.grad_fn).__name__ + ">"
    elif shown.requires_grad:
        suffix = "requires_grad=True"
    if suffix:
        print("suffix " + suffix)
    lines = text.split("\n")
    print("repr %d" % len(lines))
    for line in lines:
        print(line)
    print("end")
