package lstmjob.model.layers.kernels;

/** The vector kernel's lane count, for tests (read through the kernel's description-independent constant). */
final class FloatLanes {

    private FloatLanes() {
    }

    static int count() {
        return VectorKernel.L;
    }
}
