package dev.kiln.tck.conformance;

import dev.kiln.tck.BackendTck;

/** The reference backend certified by the TCK: golden with gradients, gradcheck, gradgradcheck. */
class RefBackendTckTest extends BackendTck {
    @Override
    protected String backendName() { return "ref"; }
}
