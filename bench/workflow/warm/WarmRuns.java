import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Runs `slipway run` of two scenario repositories again and again inside one JVM, alternating, and prints the wall
 * time of each run: what a long-lived process (a daemon `slipway run` could hand its work to) would take per run once
 * warm. Usage: java -cp slipway.jar:DIR WarmRuns ROUNDS REPO_A REPO_B
 */
public final class WarmRuns {
    private WarmRuns() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        int rounds = Integer.parseInt(args[0]);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        for (int i = 0; i < rounds; i++) {
            for (int r = 1; r < args.length; r++) {
                System.setOut(quiet);
                long start = System.nanoTime();
                int code = dev.slipway.cli.Main.execute("run", "-C", args[r]);
                long nanos = System.nanoTime() - start;
                System.setOut(out);
                out.printf("%d %s %d %.2f%n", i, args[r], code, nanos / 1e6);
            }
        }
        System.exit(0);
    }
}
