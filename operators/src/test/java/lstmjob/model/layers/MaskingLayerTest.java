package lstmjob.model.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MaskingLayerTest {

    @Test
    void masksRowsWhoseFeaturesAllEqualTheMaskValue() {
        MaskingLayer masking = new MaskingLayer("m", "Masking", 3, -1.0);
        Harness h = new Harness(masking, 3);
        float[][] y = h.step(new float[][] {{-1, -1, -1}, {-1, 0, -1}, {2, 3, 4}}, new float[0][][], null);
        assertTrue(h.mask.isMasked(0));
        assertFalse(h.mask.isMasked(1), "one feature differs: not masked");
        assertFalse(h.mask.isMasked(2));
        assertArrayEquals(new float[] {0, 0, 0}, y[0], "a masked row is output as zeros");
        assertArrayEquals(new float[] {-1, 0, -1}, y[1]);
        assertArrayEquals(new float[] {2, 3, 4}, y[2]);
    }

    @Test
    void comparesInFloat32() {
        MaskingLayer masking = new MaskingLayer("m", "Masking", 2, 0.1);
        Harness h = new Harness(masking, 1);
        h.step(new float[][] {{0.1f, 0.1f}}, new float[0][][], null);
        assertTrue(h.mask.isMasked(0));
    }

    @Test
    void aLaterMaskingLayerReplacesTheMask() {
        MaskingLayer masking = new MaskingLayer("m", "Masking", 2, 5);
        Harness h = new Harness(masking, 2);
        h.step(new float[][] {{0, 0}, {5, 5}}, new float[0][][], new boolean[] {true, false});
        assertFalse(h.mask.isMasked(0));
        assertTrue(h.mask.isMasked(1));
    }
}
