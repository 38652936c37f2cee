package dev.kiln.core.autograd;

import dev.kiln.Tensor;
import dev.kiln.autograd.GradFn;
import dev.kiln.core.tensor.Shapes;
import dev.kiln.core.tensor.TensorImpl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs a backward pass: counts each node's dependencies in the graph below the roots, then runs nodes
 * once all their consumers have handed in their gradient (later nodes first among the ready ones),
 * summing the gradients that meet at a node. Backward either accumulates into leaves' {@code .grad}
 * or, for {@code Kiln.grad}, captures the gradients at the requested inputs.
 */
final class BackwardEngine {
    private BackwardEngine() {}

    static void backward(List<TensorImpl> roots, List<Tensor> grads, boolean retainGraph, boolean createGraph) {
        Roots r = roots(new ArrayList<>(roots), grads, createGraph);
        run(r, retainGraph, createGraph, null);
    }

    static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, List<Tensor> gradOutputs,
                             boolean retainGraph, boolean createGraph, boolean allowUnused) {
        if (outputs.isEmpty()) throw new IllegalArgumentException("grad requires at least one output");
        List<TensorImpl> outs = outputs.stream().map(TensorImpl::of).toList();
        List<Tensor> gs = gradOutputs == null ? Arrays.asList(new Tensor[outs.size()]) : gradOutputs;
        if (gs.size() != outs.size()) {
            throw new IllegalArgumentException("grad: got " + gs.size() + " grad_outputs for " + outs.size() + " outputs");
        }
        Set<Node> targets = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < inputs.size(); i++) {
            TensorImpl in = TensorImpl.of(inputs.get(i));
            if (!AutogradMeta.requiresGrad(in)) {
                throw new IllegalArgumentException("grad: One of the differentiated Tensors (input " + i
                        + ") does not require grad");
            }
            targets.add((Node) Autograd.edgeOf(in).function());
        }
        Roots r = roots(outs, gs, createGraph);
        Map<Node, Tensor> captured = run(r, retainGraph, createGraph, targets);
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Node target = (Node) Autograd.edgeOf(TensorImpl.of(inputs.get(i))).function();
            Tensor g = captured.get(target);
            if (g == null && !allowUnused) {
                throw new IllegalArgumentException("grad: One of the differentiated Tensors (input " + i + ") appears to not "
                        + "have been used in the graph. Set allowUnused=true if this is the desired behavior.");
            }
            result.add(g);
        }
        return result;
    }

    /** The root edges and their gradients, checked as PyTorch checks them. */
    private record Roots(List<Node> nodes, List<Tensor> grads) {}

    private static Roots roots(List<TensorImpl> outputs, List<Tensor> grads, boolean createGraph) {
        List<Node> nodes = new ArrayList<>();
        List<Tensor> gs = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            TensorImpl out = outputs.get(i);
            if (!AutogradMeta.requiresGrad(out)) {
                throw new IllegalStateException("element " + i + " of tensors does not require grad and does not have a "
                        + "grad_fn");
            }
            Tensor g = i < grads.size() ? grads.get(i) : null;
            if (g == null) {
                if (out.numel() != 1) {
                    throw new IllegalStateException("grad can be implicitly created only for scalar outputs (output " + i
                            + " has shape " + Shapes.str(out.shapeRef()) + "); pass a gradient of that shape to backward(gradient)");
                }
                g = Tensor.onesLike(out);
            } else {
                TensorImpl gi = TensorImpl.of(g);
                if (!Arrays.equals(gi.shapeRef(), out.shapeRef())) {
                    throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of "
                            + Shapes.str(gi.shapeRef()) + " and output[" + i + "] has a shape of " + Shapes.str(out.shapeRef()) + ".");
                }
                if (!gi.dtype().isFloatingPoint()) {
                    throw new IllegalArgumentException("For complex Tensors, both grad_output and output are required to have "
                            + "the same dtype. Mismatch in dtype: grad_output[" + i + "] has a dtype of " + gi.dtype().torchName()
                            + " and output[" + i + "] has a dtype of " + out.dtype().torchName() + ".");
                }
                if (!gi.device().equals(out.device())) {
                    throw new IllegalArgumentException("backward: grad_output[" + i + "] is on " + gi.device() + " but output["
                            + i + "] is on " + out.device());
                }
                if (gi.dtype() != out.dtype()) g = gi.to(out.dtype());
            }
            nodes.add((Node) Autograd.edgeOf(out).function());
            gs.add(g);
        }
        return new Roots(nodes, gs);
    }

    /**
     * Runs the graph below the roots. With {@code targets} null, leaves accumulate; otherwise the gradients
     * reaching the target nodes are captured and returned, and only the nodes leading to a target run.
     */
    private static Map<Node, Tensor> run(Roots roots, boolean retainGraph, boolean createGraph, Set<Node> targets) {
        Map<Node, Integer> deps = dependencies(roots.nodes());
        Set<Node> needed = targets == null ? null : leadingTo(roots.nodes(), targets);
        Map<Node, Tensor> buffers = new IdentityHashMap<>();
        Map<Node, Tensor> captured = new IdentityHashMap<>();
        PriorityQueue<Node> ready = new PriorityQueue<>(Comparator.comparingLong(Node::sequenceNr).reversed());
        try (var mode = GradMode.set(createGraph)) {
            for (int i = 0; i < roots.nodes().size(); i++) add(buffers, roots.nodes().get(i), roots.grads().get(i));
            for (Node n : roots.nodes()) if (deps.getOrDefault(n, 0) == 0 && !ready.contains(n)) ready.add(n);
            while (!ready.isEmpty()) {
                Node node = ready.poll();
                Tensor grad = buffers.remove(node);
                Tensor[] out = null;
                if (grad != null) out = execute(node, grad, retainGraph, createGraph, targets, needed, captured);
                GradFn.Edge[] edges = node.edges();
                for (int i = 0; i < edges.length; i++) {
                    Node child = (Node) edges[i].function();
                    if (child == null) continue;
                    if (out != null && out[i] != null) add(buffers, child, out[i]);
                    int left = deps.merge(child, -1, Integer::sum);
                    if (left == 0) ready.add(child);
                }
            }
        }
        return captured;
    }

    /** Runs one node on its summed gradient; returns its input gradients, or null when it hands nothing on. */
    private static Tensor[] execute(Node node, Tensor grad, boolean retainGraph, boolean createGraph, Set<Node> targets,
                                    Set<Node> needed, Map<Node, Tensor> captured) {
        if (node instanceof AccumulateGrad acc) {
            Tensor g = runHooks(AutogradMeta.of(acc.leaf()).leafHooks(), grad);
            if (targets == null) acc.accumulate(g, createGraph);
            else if (targets.contains(node)) captured.put(node, g);
            return null;
        }
        Tensor g = runHooks(node.preHooks(), grad);
        if (targets != null) {
            if (targets.contains(node)) captured.put(node, g);
            if (!needed.contains(node)) return null;
        }
        Tensor[] out = node.apply(g);
        if (GradMode.isAnomalyEnabled()) checkFinite(node, out);
        if (!retainGraph) node.release();
        return out;
    }

    private static Tensor runHooks(List<UnaryOperator<Tensor>> hooks, Tensor grad) {
        if (hooks.isEmpty()) return grad;
        Tensor g = grad;
        for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
            Tensor replaced = hook.apply(g);
            if (replaced != null) g = replaced;
        }
        return g;
    }

    private static void add(Map<Node, Tensor> buffers, Node node, Tensor g) {
        buffers.merge(node, g, Tensor::add);
    }

    /** How many edges from nodes below the roots point at each node. */
    private static Map<Node, Integer> dependencies(List<Node> roots) {
        Map<Node, Integer> deps = new IdentityHashMap<>();
        Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Node> stack = new ArrayDeque<>();
        for (Node r : roots) if (seen.add(r)) stack.push(r);
        while (!stack.isEmpty()) {
            Node n = stack.pop();
            for (GradFn.Edge e : n.edges()) {
                Node c = (Node) e.function();
                if (c == null) continue;
                deps.merge(c, 1, Integer::sum);
                if (seen.add(c)) stack.push(c);
            }
        }
        return deps;
    }

    /** The nodes from which some target can be reached (targets included). */
    private static Set<Node> leadingTo(List<Node> roots, Set<Node> targets) {
        Set<Node> result = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Node> visited = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        // iterative post-order: a node leads to a target if it is one or a child leads to one
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        for (Node r : roots) {
            if (!visited.add(r)) continue;
            stack.push(new Object[] {r, 0});
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Node n = (Node) frame[0];
                int i = (Integer) frame[1];
                GradFn.Edge[] edges = n.edges();
                if (i < edges.length) {
                    frame[1] = i + 1;
                    Node c = (Node) edges[i].function();
                    if (c != null && visited.add(c)) stack.push(new Object[] {c, 0});
                    continue;
                }
                stack.pop();
                boolean leads = targets.contains(n);
                for (GradFn.Edge e : edges) if (e.function() != null && result.contains((Node) e.function())) leads = true;
                if (leads) result.add(n);
            }
        }
        return result;
    }

    /** Anomaly mode: fails at the first gradient holding a NaN or an infinity, naming the node and its forward. */
    private static void checkFinite(Node node, Tensor[] out) {
        for (int i = 0; i < out.length; i++) {
            if (out[i] == null) continue;
            double[] v;
            try (var off = GradMode.disable()) {
                v = out[i].toDoubleArray();
            }
            for (double x : v) {
                if (Double.isNaN(x) || Double.isInfinite(x)) {
                    String what = Double.isNaN(x) ? "nan" : "inf";
                    IllegalStateException e = new IllegalStateException("Function '" + node.name() + "' returned " + what
                            + " values in its " + i + "th output." + forwardSite(node));
                    if (node.forwardTrace() != null) e.initCause(node.forwardTrace());
                    throw e;
                }
            }
        }
    }

    /** Where the node's forward op was called from: the first frame past Kiln's api entry points (anomaly mode only). */
    private static String forwardSite(Node node) {
        Throwable t = node.forwardTrace();
        if (t == null) return " (its forward ran before anomaly detection was enabled)";
        boolean inKiln = false;
        for (StackTraceElement f : t.getStackTrace()) {
            boolean entry = ENTRY_POINTS.stream().anyMatch(f.getClassName()::startsWith);
            if (entry) inKiln = true;
            else if (inKiln) return " The forward op was called at " + f + ".";
        }
        return "";
    }

    /** Classes through which user code calls ops. */
    private static final List<String> ENTRY_POINTS = List.of("dev.kiln.core.tensor.TensorImpl",
            "dev.kiln.core.engine.DefaultEngine", "dev.kiln.Tensor", "dev.kiln.nn.", "dev.kiln.Kiln");
}
