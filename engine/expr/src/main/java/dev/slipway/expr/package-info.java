/** Expression language: lexer, parser, values and evaluation of GitHub-style expressions. */
@NullMarked
package dev.slipway.expr;

import org.jspecify.annotations.NullMarked;
