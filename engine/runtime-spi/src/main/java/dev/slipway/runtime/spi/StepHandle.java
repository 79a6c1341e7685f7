package dev.slipway.runtime.spi;

/** An executor's handle on a started step; opaque to the runtime. */
public interface StepHandle {
    StepSpec spec();
}
