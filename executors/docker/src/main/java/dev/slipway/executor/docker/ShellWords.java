package dev.slipway.executor.docker;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an options string into words the way a POSIX shell would, without expansions: single quotes keep everything,
 * double quotes keep everything but {@code \"}, {@code \\}, {@code \$} and {@code \`}, a backslash outside quotes
 * escapes the next character.
 */
final class ShellWords {
    private ShellWords() {}

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("unterminated single quote in: " + text);
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
                    word.append(text.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Appends a double-quoted part starting after the opening quote; returns the index after the closing one. */
    private static int doubleQuoted(String text, int from, StringBuilder word) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$`\n".indexOf(text.charAt(i + 1)) >= 0) {
                if (text.charAt(i + 1) != '\n') {
                    word.append(text.charAt(i + 1));
                }
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("unterminated double quote in: " + text);
    }
}
