package dev.kiln.tck.samples;

import dev.kiln.DType;
import dev.kiln.Device;
import dev.kiln.Index;
import dev.kiln.Tensor;

import java.util.List;

/** Samples of the shape, indexing and conversion ops: views, copies, joins, gather/scatter and dtype casts. */
final class ShapeSamples {
    private ShapeSamples() {}

    static List<OpSample> build() {
        Draw d = new Draw(0x6B696C6E04L);
        SampleList s = new SampleList();
        views(s, d);
        copies(s, d);
        joins(s, d);
        indexing(s, d);
        conversion(s, d);
        return s.build();
    }

    private static void views(SampleList s, Draw d) {
        s.unary("view", "view_3x4_to_2x6", x -> x.view(2, 6), d.uniform(3, 4));
        s.unary("view", "view_257_to_1x257x1", x -> x.view(1, 257, 1), d.uniform(257));
        s.unary("view", "view_2x3x4_to_minus1x4", x -> x.view(-1, 4), d.uniform(2, 3, 4));
        s.unary("view", "view_scalar_to_1", x -> x.view(1), d.uniform());
        s.unary("reshape", "reshape_3x4_to_4x3", x -> x.reshape(4, 3), d.uniform(3, 4));
        s.unary("reshape", "reshape_31_to_minus1x1", x -> x.reshape(-1, 1), d.uniform(31));
        s.unary("reshape", "reshape_noncontiguous_7x3_to_21", x -> x.reshape(21), d.uniform(7, 3).viewedThrough(1, 0));
        s.unary("transpose", "transpose_3x4", x -> x.transpose(0, 1), d.uniform(3, 4));
        s.unary("transpose", "transpose_2x3x4_dims_0_2", x -> x.transpose(0, 2), d.uniform(2, 3, 4));
        s.unary("transpose", "transpose_negative_dims_2x3x4", x -> x.transpose(-1, -2), d.uniform(2, 3, 4));
        s.unary("t", "t_3x7", Tensor::t, d.uniform(3, 7));
        s.unary("t", "t_13", Tensor::t, d.uniform(13));
        s.unary("permute", "permute_2x3x4_201", x -> x.permute(2, 0, 1), d.uniform(2, 3, 4));
        s.unary("permute", "permute_noncontiguous_2x3x4_102", x -> x.permute(1, 0, 2), d.uniform(2, 3, 4).viewedThrough(2, 1, 0));
        s.unary("squeeze", "squeeze_all_1x3x1x4", Tensor::squeeze, d.uniform(1, 3, 1, 4));
        s.unary("squeeze", "squeeze_dim2_3x4x1", x -> x.squeeze(2), d.uniform(3, 4, 1));
        s.unary("squeeze", "squeeze_dim_not_one_3x4", x -> x.squeeze(0), d.uniform(3, 4));
        s.unary("unsqueeze", "unsqueeze_0_7", x -> x.unsqueeze(0), d.uniform(7));
        s.unary("unsqueeze", "unsqueeze_-1_3x4", x -> x.unsqueeze(-1), d.uniform(3, 4));
        s.unary("unsqueeze", "unsqueeze_1_noncontiguous_3x4", x -> x.unsqueeze(1), d.uniform(3, 4).viewedThrough(1, 0));
        s.unary("flatten", "flatten_all_2x3x4", Tensor::flatten, d.uniform(2, 3, 4));
        s.unary("flatten", "flatten_1_2_2x3x4x2", x -> x.flatten(1, 2), d.uniform(2, 3, 4, 2));
        s.unary("flatten", "flatten_noncontiguous_3x5", Tensor::flatten, d.uniform(3, 5).viewedThrough(1, 0));
        s.unary("expand", "expand_3x1_to_3x4", x -> x.expand(3, 4), d.uniform(3, 1));
        s.unary("expand", "expand_4_to_2x3x4", x -> x.expand(2, 3, 4), d.uniform(4));
        s.unary("expand", "expand_scalar_to_7", x -> x.expand(7), d.uniform());
        s.unary("expand", "expand_keep_size_1x3_to_5xminus1", x -> x.expand(5, -1), d.uniform(1, 3));
        s.binary("expand_as", "expandAs_3x1_as_3x4", (x, y) -> x.expandAs(y).mul(y), d.uniform(3, 1), d.uniform(3, 4));
        s.unary("narrow", "narrow_dim0_7x3", x -> x.narrow(0, 2, 4), d.uniform(7, 3));
        s.unary("narrow", "narrow_257", x -> x.narrow(0, 100, 31), d.uniform(257));
        s.unary("slice", "slice_dim1_3x7", x -> x.slice(1, 1, 5), d.uniform(3, 7));
        s.unary("slice", "slice_step2_13", x -> x.slice(0, 1, 13, 2), d.uniform(13));
        s.unary("slice", "slice_negative_bounds_7x3", x -> x.slice(0, -4, -1), d.uniform(7, 3));
        s.unary("slice", "slice_step3_noncontiguous_7x4", x -> x.slice(0, 0, 7, 3), d.uniform(7, 4).viewedThrough(1, 0));
        s.unary("select", "select_dim0_3x4", x -> x.select(0, 1), d.uniform(3, 4));
        s.unary("select", "select_dim-1_negative_index_2x3x4", x -> x.select(-1, -1), d.uniform(2, 3, 4));
        s.unary("select", "select_13", x -> x.select(0, 5), d.uniform(13));
        s.unary("index", "index_string_column_3x4", x -> x.index(":, 1"), d.uniform(3, 4));
        s.unary("index", "index_string_ranges_7x5", x -> x.index("1:6, ::2"), d.uniform(7, 5));
        s.unary("index", "index_string_ellipsis_2x3x4", x -> x.index("..., -1"), d.uniform(2, 3, 4));
        s.unary("index", "index_typed_newaxis_3x4", x -> x.index(Index.at(2), Index.newAxis(), Index.slice(1, 3)), d.uniform(3, 4));
        // chained views: gradients pass through several view nodes into one leaf
        s.unary("view", "view_chain_2x3x4", x -> x.transpose(0, 2).select(1, 1).unsqueeze(0).expand(3, 4, 2), d.uniform(2, 3, 4));
    }

    private static void copies(SampleList s, Draw d) {
        s.unary("contiguous", "contiguous_noncontiguous_7x3", Tensor::contiguous, d.uniform(7, 3).viewedThrough(1, 0));
        s.unary("contiguous", "contiguous_already_13", Tensor::contiguous, d.uniform(13));
        s.unary("clone", "clone_257", Tensor::clone, d.uniform(257));
        s.unary("clone", "clone_noncontiguous_3x4", Tensor::clone, d.uniform(3, 4).viewedThrough(1, 0));
    }

    private static void joins(SampleList s, Draw d) {
        s.nary("cat", "cat_dim0_3x4_2x4", a -> Tensor.cat(a, 0), d.uniform(3, 4), d.uniform(2, 4));
        s.nary("cat", "cat_dim1_three_inputs", a -> Tensor.cat(a, 1), d.uniform(3, 1), d.uniform(3, 7), d.uniform(3, 2));
        s.nary("cat", "cat_dim-1_noncontiguous", a -> Tensor.cat(a, -1), d.uniform(3, 2).viewedThrough(1, 0), d.uniform(3, 4));
        s.nary("cat", "cat_1d_257_13", Tensor::cat, d.uniform(257), d.uniform(13));
        s.nary("cat", "cat_same_input_twice", a -> Tensor.cat(List.of(a.get(0), a.get(0)), 0), d.uniform(3, 2));
        s.nary("cat", "cat_with_constant", a -> Tensor.cat(a, 0), d.uniform(2, 3), d.uniform(1, 3).constant());
        s.nary("stack", "stack_dim0_3x4_3x4", Tensor::stack, d.uniform(3, 4), d.uniform(3, 4));
        s.nary("stack", "stack_dim2_three_inputs", a -> Tensor.stack(a, 2), d.uniform(2, 3), d.uniform(2, 3), d.uniform(2, 3));
        s.nary("stack", "stack_dim-1_noncontiguous", a -> Tensor.stack(a, -1), d.uniform(3, 4).viewedThrough(1, 0), d.uniform(3, 4));
        s.nary("stack", "stack_same_input_twice_7", a -> Tensor.stack(List.of(a.get(0), a.get(0)), 0), d.uniform(7));
    }

    private static void indexing(SampleList s, Draw d) {
        s.nary("gather", "gather_dim1_3x5", a -> a.get(0).gather(1, a.get(1)), d.uniform(3, 5), d.indices(5, 3, 4));
        s.nary("gather", "gather_dim0_repeated_indices_4x3", a -> a.get(0).gather(0, a.get(1)), d.uniform(4, 3),
                SampleInput.indices(new int[] {5, 3}, 0, 1, 2, 0, 1, 2, 3, 3, 3, 1, 0, 2, 0, 0, 0));
        s.nary("gather", "gather_noncontiguous_7x3", a -> a.get(0).gather(1, a.get(1)), d.uniform(7, 3).viewedThrough(1, 0),
                d.indices(3, 7, 2));
        s.nary("scatter_add", "scatterAdd_dim0_3x5", a -> a.get(0).scatterAdd(0, a.get(1), a.get(2)),
                d.uniform(3, 5), d.indices(3, 4, 5), d.uniform(4, 5));
        s.nary("scatter_add", "scatterAdd_dim1_src_larger_2x3", a -> a.get(0).scatterAdd(1, a.get(1), a.get(2)),
                d.uniform(2, 3), d.indices(3, 2, 4), d.uniform(2, 5));
        s.nary("scatter_add", "scatterAdd_constant_self_4", a -> a.get(0).scatterAdd(0, a.get(1), a.get(2)),
                d.uniform(4).constant(), d.indices(4, 6), d.uniform(6));
    }

    private static void conversion(SampleList s, Draw d) {
        // a float64 tensor converted to float64 is the tensor itself: the gradient is the identity
        s.unary("to", "to_same_dtype_7", x -> x.to(x.dtype()), d.uniform(7));
        // the result keeps the input's float dtype whatever the runtime's float type is
        s.unary("to", "toDouble_then_back_3x4", x -> x.toDouble().mul(2).to(x.dtype()), d.uniform(3, 4));
        s.unary("to", "to_device_cpu_7", x -> x.to(Device.CPU).mul(x), d.uniform(7));
        // A round trip through float32 (ToCopyBackward0 twice). Values of magnitude below 1e-3 keep float32's
        // rounding of a 1e-6 step (at most 6e-11 per side) under the tolerance. Its double backward is a cast of
        // the grad_output, whose finite differences w.r.t. a grad_output of magnitude 1 lose 2% to float32
        // rounding at eps 1e-6: not measurable, so gradgradcheck does not run it.
        s.firstOrderOnly("to", "to_float32_round_trip_13", a -> a.get(0).to(DType.FLOAT32).to(a.get(0).dtype()),
                d.between(1e-4, 1e-3, 13));
    }
}
