package dev.slipway.executor.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.slipway.runtime.spi.LineQueue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameOutputTest {
    private static Frame out(String text) {
        return new Frame(StreamType.STDOUT, text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> drain(LineQueue queue) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        Optional<String> line;
        while ((line = queue.take()).isPresent()) {
            lines.add(line.get());
        }
        return lines;
    }

    @Test
    void aReplayDeliversTheWholeLogOnceAndEndsTheOutputWhateverTheGivenUpStreamStillSends() throws Exception {
        FrameOutput output = new FrameOutput(false);
        assertThat(output.anyFrame()).isFalse();

        ResultCallback.Adapter<Frame> replay = output.replaying();
        output.onNext(out("late frame of the stream given up\n")); // dropped
        output.onComplete(); // the given-up stream ending does not end the output before the replay did
        assertThat(output.ended()).isFalse();
        replay.onNext(out("PONG\n"));
        replay.onNext(out("second"));
        replay.onComplete();

        assertThat(output.ended()).isTrue();
        assertThat(drain(output.lines())).containsExactly("PONG", "second");
    }

    @Test
    void aStreamThatDeliveredIsSeenAsSuchAndEndingItKeepsWhatItDelivered() throws Exception {
        FrameOutput output = new FrameOutput(false);
        output.onNext(out("one\ntw"));
        assertThat(output.anyFrame()).isTrue();

        output.end();

        assertThat(drain(output.lines())).containsExactly("one", "tw");
    }
}
