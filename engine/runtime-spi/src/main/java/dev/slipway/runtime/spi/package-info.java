/** The executor SPI: what the runtime asks of a place that runs processes. */
@NullMarked
package dev.slipway.runtime.spi;

import org.jspecify.annotations.NullMarked;
