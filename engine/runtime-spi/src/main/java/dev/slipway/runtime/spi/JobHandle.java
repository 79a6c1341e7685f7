package dev.slipway.runtime.spi;

/** An executor's handle on a prepared job; opaque to the runtime. */
public interface JobHandle {
    JobSpec spec();
}
