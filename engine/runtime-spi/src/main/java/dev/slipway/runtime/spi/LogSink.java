package dev.slipway.runtime.spi;

/** Receives a step's output, one line at a time, without the line terminator. Called on one thread at a time. */
@FunctionalInterface
public interface LogSink {
    void line(String line);
}
