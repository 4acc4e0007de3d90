package io.i2v.worker.ops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

class ApiSwitchTest {
    @Test
    void aWorkerOutsideLocalModeRefusesToServeTheApiWithoutKeys() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> ApiSwitch.refuseKeylessOutsideLocalMode(true, false, false, LaunchMode.NORMAL));
        assertTrue(e.getMessage().contains("I2V_API_KEYS"), e.getMessage());
    }

    @Test
    void keysLocalModeOrAnApiTurnedOffAreEachEnoughToStart() {
        assertDoesNotThrow(() -> ApiSwitch.refuseKeylessOutsideLocalMode(true, false, true, LaunchMode.NORMAL));
        assertDoesNotThrow(() -> ApiSwitch.refuseKeylessOutsideLocalMode(true, true, false, LaunchMode.NORMAL));
        assertDoesNotThrow(() -> ApiSwitch.refuseKeylessOutsideLocalMode(false, false, false, LaunchMode.NORMAL));
    }
}
