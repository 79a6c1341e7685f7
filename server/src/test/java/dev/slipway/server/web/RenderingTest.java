package dev.slipway.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderingTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void ansiColoursBecomeSpansAndTextIsEscaped() {
        assertThat(Ansi.toHtml("\u001b[1;31mfail <b>\u001b[0m ok"))
                .isEqualTo("<span class=\"ansi-bold ansi-fg-1\">fail &lt;b&gt;</span> ok");
        assertThat(Ansi.toHtml("\u001b[92mgreen\u001b[39m")).isEqualTo("<span class=\"ansi-fg-10\">green</span>");
        assertThat(Ansi.toHtml("\u001b[38;5;208mx\u001b[2Ky")).isEqualTo("xy");
        assertThat(Ansi.toHtml("a & \"b\"")).isEqualTo("a &amp; &quot;b&quot;");
    }

    @Test
    void logGroupsFoldAndStepsOpenSections() {
        var html = LogView.toHtml(List.of(
                "##[step] Run echo", "##[group]Setup <x>", "inside", "##[endgroup]", "##[error]boom", "::group::raw"));
        assertThat(html)
                .contains("<details class=\"step\" open><summary>Run echo</summary>")
                .contains(
                        "<details class=\"group\"><summary><a class=\"ln\" id=\"L1\" href=\"#L1\">1</a>Setup &lt;x&gt;"
                                + "</summary>")
                .contains("<span class=\"tx\">inside</span>")
                .contains("<div class=\"line error\"><a class=\"ln\" id=\"L3\" href=\"#L3\">3</a>"
                        + "<span class=\"tx\">boom</span>");
        assertThat(count(html, "<details")).isEqualTo(count(html, "</details>"));
    }

    @Test
    void theLiveRendererNumbersLinesAsThePageDoes() {
        var live = LogView.live();
        assertThat(live.render("##[step] Run echo")).extracting(e -> e.name()).containsExactly("step");
        assertThat(live.render("::group::Setup")).extracting(e -> e.name()).containsExactly("group");
        assertThat(live.render("inside").getFirst().data())
                .contains("id=\"L2\"")
                .contains(">inside<");
        assertThat(live.render("::endgroup::")).extracting(e -> e.name()).containsExactly("endgroup");
        assertThat(live.render("\u001b[31mred\u001b[0m").getFirst().data())
                .contains("id=\"L3\"")
                .contains("<span class=\"ansi-fg-1\">red</span>");
    }

    @Test
    void markdownEscapesRawHtmlAndUnsafeLinks() {
        var html = Markdown.toHtml("# Title\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))");
        assertThat(html).contains("<h1>Title</h1>").contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(html).doesNotContain("javascript:");
    }

    @Test
    void relativeTimes() {
        assertThat(Times.ago(NOW.minusSeconds(3), NOW)).isEqualTo("just now");
        assertThat(Times.ago(NOW.minusSeconds(42), NOW)).isEqualTo("42 seconds ago");
        assertThat(Times.ago(NOW.minusSeconds(60), NOW)).isEqualTo("1 minute ago");
        assertThat(Times.ago(NOW.minusSeconds(3 * 3600), NOW)).isEqualTo("3 hours ago");
        assertThat(Times.ago(NOW.minus(Duration.ofDays(1)), NOW)).isEqualTo("yesterday");
        assertThat(Times.ago(NOW.minus(Duration.ofDays(60)), NOW)).isEqualTo("on 23 Sept 2026".replace("Sept", "Sep"));
    }

    @Test
    void durations() {
        assertThat(Times.duration(Duration.ofSeconds(-5))).isEqualTo("0ms");
        assertThat(Times.duration(Duration.ofMillis(340))).isEqualTo("340ms");
        assertThat(Times.duration(Duration.ofMillis(2450))).isEqualTo("2.5s");
        assertThat(Times.duration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Times.duration(Duration.ofSeconds(185))).isEqualTo("3m 05s");
        assertThat(Times.duration(Duration.ofMinutes(127))).isEqualTo("2h 07m");
    }

    @Test
    void escapingCoversAttributes() {
        assertThat(Html.escape("<a href='x'>&\"")).isEqualTo("&lt;a href=&#39;x&#39;&gt;&amp;&quot;");
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    @Test
    void aMatrixRowBelongsToTheJobIdItsNeedsName() {
        assertThat(RunRows.jobId("unit-tests (articles, 3)")).isEqualTo("unit-tests");
        assertThat(RunRows.jobId("lint")).isEqualTo("lint");
    }
}
