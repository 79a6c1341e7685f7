package dev.slipway.runtime.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    final List<String> lines = new ArrayList<>();

    void feedByteByByte(LineSplitter splitter, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            splitter.feed(bytes, i, 1);
        }
        splitter.finish();
    }

    @Test
    void splitsOnNewlinesAcrossChunksAndKeepsEmptyLines() {
        feedByteByByte(new LineSplitter(lines::add), "ab\r\n\ncd\nlast");
        assertThat(lines).containsExactly("ab", "", "cd", "last");
    }

    @Test
    void splitsLinesFedInOneChunkTheSameWay() {
        LineSplitter splitter = new LineSplitter(lines::add, 5);
        byte[] bytes = "ab\r\n\ncd\r\n12345\n123456\npart".getBytes(StandardCharsets.UTF_8);
        splitter.feed(bytes, 0, bytes.length);
        byte[] rest = "ial\n".getBytes(StandardCharsets.UTF_8);
        splitter.feed(rest, 0, rest.length);
        splitter.finish();
        assertThat(lines).containsExactly("ab", "", "cd", "12345", "12345", "6", "parti", "al");
    }

    @Test
    void deliversNoExtraLineAfterAFinalNewline() {
        feedByteByByte(new LineSplitter(lines::add), "one\n");
        assertThat(lines).containsExactly("one");
    }

    @Test
    void cutsLongLinesIntoPiecesWithoutSplittingACharacter() {
        // "é" is 2 bytes and "😀" 4: with 5-byte pieces a naive cut would break them.
        feedByteByByte(new LineSplitter(lines::add, 5), "aéé😀b😀\nx");
        assertThat(lines).containsExactly("aéé", "😀b", "😀", "x");
        assertThat(lines).allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= 5);
    }

    @Test
    void cutsALongLineFedInOneChunkWithoutAnEmptyPieceAtItsEnd() {
        byte[] bytes = "0123456789ab\n".getBytes(StandardCharsets.UTF_8);
        LineSplitter splitter = new LineSplitter(lines::add, 4);
        splitter.feed(bytes, 0, bytes.length);
        splitter.finish();
        assertThat(lines).containsExactly("0123", "4567", "89ab");
    }

    @Test
    void replacesMalformedBytes() {
        byte[] bytes = {'a', (byte) 0xFF, 'b', '\n'};
        LineSplitter splitter = new LineSplitter(lines::add);
        splitter.feed(bytes, 0, bytes.length);
        assertThat(lines).containsExactly("a\uFFFDb");
    }
}
