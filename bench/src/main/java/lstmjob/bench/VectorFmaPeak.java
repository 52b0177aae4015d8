package lstmjob.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link FmaPeak} with 16 independent accumulators: enough to cover the FMA latency on every current core. */
final class VectorFmaPeak implements FmaPeak {

    /** The species the layers' vector kernel runs on. */
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private static final int L = SPECIES.length();
    private static final int CHAINS = 16;
    private final float[] seed = new float[2 * L];

    VectorFmaPeak() {
        for (int i = 0; i < seed.length; i++) {
            seed[i] = 1e-3f * (i % 7 + 1);
        }
    }

    @Override
    public long flopsPerIteration() {
        return 2L * CHAINS * L;
    }

    @Override
    public float burst(int iterations) {
        FloatVector m = FloatVector.fromArray(SPECIES, seed, 0);
        FloatVector x = FloatVector.fromArray(SPECIES, seed, L);
        FloatVector a0 = m.mul(0.5f);
        FloatVector a1 = a0.add(1f), a2 = a0.add(2f), a3 = a0.add(3f), a4 = a0.add(4f), a5 = a0.add(5f);
        FloatVector a6 = a0.add(6f), a7 = a0.add(7f), a8 = a0.add(8f), a9 = a0.add(9f), a10 = a0.add(10f);
        FloatVector a11 = a0.add(11f), a12 = a0.add(12f), a13 = a0.add(13f), a14 = a0.add(14f), a15 = a0.add(15f);
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(m, x);
            a1 = a1.fma(m, x);
            a2 = a2.fma(m, x);
            a3 = a3.fma(m, x);
            a4 = a4.fma(m, x);
            a5 = a5.fma(m, x);
            a6 = a6.fma(m, x);
            a7 = a7.fma(m, x);
            a8 = a8.fma(m, x);
            a9 = a9.fma(m, x);
            a10 = a10.fma(m, x);
            a11 = a11.fma(m, x);
            a12 = a12.fma(m, x);
            a13 = a13.fma(m, x);
            a14 = a14.fma(m, x);
            a15 = a15.fma(m, x);
        }
        return a0.add(a1)
                .add(a2)
                .add(a3)
                .add(a4)
                .add(a5)
                .add(a6)
                .add(a7)
                .add(a8)
                .add(a9)
                .add(a10)
                .add(a11)
                .add(a12)
                .add(a13)
                .add(a14)
                .add(a15)
                .reduceLanes(VectorOperators.ADD);
    }
}
