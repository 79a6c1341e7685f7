package dev.slipway.workflow;

import java.util.Arrays;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Maps each character of a scalar's value back to its index in the source text, by replaying YAML's folding and
 * escaping. The replay is checked against the parsed value; when they differ (exotic forms such as explicit
 * indentation indicators) no mapping is returned and callers fall back to the scalar's start.
 */
final class ScalarPositions {
    private final Source source;
    private final StringBuilder out = new StringBuilder();
    private int[] pos = new int[16];

    private ScalarPositions(Source source) {
        this.source = source;
    }

    /** Source indices of the value's characters, one per char plus one past the end. */
    static Optional<int[]> of(Source source, ScalarNode node) {
        Optional<Mark> start = node.getStartMark();
        Optional<Mark> end = node.getEndMark();
        if (start.isEmpty() || end.isEmpty()) {
            return Optional.empty();
        }
        int s = source.index(start.get().getLine(), start.get().getColumn());
        int e = source.index(end.get().getLine(), end.get().getColumn());
        ScalarPositions p = new ScalarPositions(source);
        String value = node.getValue();
        boolean block = node.getScalarStyle() == ScalarStyle.LITERAL || node.getScalarStyle() == ScalarStyle.FOLDED;
        boolean ok = switch (node.getScalarStyle()) {
            case PLAIN -> p.flow(s, e, false);
            case SINGLE_QUOTED -> p.flow(s + 1, e - 1, true);
            case DOUBLE_QUOTED -> p.doubleQuoted(s + 1, e - 1);
            case LITERAL, FOLDED -> p.block(s, e, node.getScalarStyle() == ScalarStyle.FOLDED);
            default -> false;
        };
        String replay = p.out.toString();
        if (!ok || !(block ? replay.startsWith(value) : replay.equals(value))) {
            return Optional.empty();
        }
        int[] result = Arrays.copyOf(p.pos, value.length() + 1);
        result[value.length()] = value.isEmpty() ? s : p.pos[value.length() - 1] + 1;
        return Optional.of(result);
    }

    private void emit(char c, int index) {
        if (out.length() == pos.length) {
            pos = Arrays.copyOf(pos, pos.length * 2);
        }
        pos[out.length()] = index;
        out.append(c);
    }

    private String text() {
        return source.text();
    }

    /** Plain or single-quoted scalar between {@code s} and {@code e}: lines folded, {@code ''} unescaped. */
    private boolean flow(int s, int e, boolean singleQuoted) {
        int i = s;
        boolean first = true;
        int empties = 0;
        int prevEnd = s;
        while (i <= e) {
            int lineEnd = Math.min(source.lineEnd(i), e);
            int a = i;
            int b = lineEnd;
            if (!first) {
                while (a < b && isBlank(text().charAt(a))) {
                    a++;
                }
            }
            boolean last = lineEnd >= e;
            if (!last) {
                while (b > a && isBlank(text().charAt(b - 1))) {
                    b--;
                }
            }
            if (!first && a == b && !last) {
                empties++;
            } else {
                if (!first) {
                    separate(empties, prevEnd);
                }
                for (int k = a; k < b; k++) {
                    char c = text().charAt(k);
                    emit(c, k);
                    if (singleQuoted && c == '\'' && k + 1 < b && text().charAt(k + 1) == '\'') {
                        k++;
                    }
                }
                prevEnd = b;
                empties = 0;
                first = false;
            }
            int nl = text().indexOf('\n', lineEnd);
            if (last || nl < 0) {
                break;
            }
            i = nl + 1;
        }
        return true;
    }

    private void separate(int empties, int at) {
        if (empties == 0) {
            emit(' ', at);
        }
        for (int k = 0; k < empties; k++) {
            emit('\n', at);
        }
    }

    private boolean doubleQuoted(int s, int e) {
        if (source.line(s) != source.line(e)) {
            return false; // multi-line double-quoted scalars are rare; fall back to the scalar start
        }
        for (int k = s; k < e; k++) {
            char c = text().charAt(k);
            if (c != '\\') {
                emit(c, k);
                continue;
            }
            char n = k + 1 < e ? text().charAt(k + 1) : ' ';
            int len = switch (n) {
                case 'x' -> 4;
                case 'u' -> 6;
                case 'U' -> 10;
                default -> 2;
            };
            String unescaped = unescape(text().substring(k, Math.min(e, k + len)));
            for (int j = 0; j < unescaped.length(); j++) {
                emit(unescaped.charAt(j), k);
            }
            k += len - 1;
        }
        return true;
    }

    private static String unescape(String esc) {
        if (esc.length() < 2) {
            return esc;
        }
        char n = esc.charAt(1);
        return switch (n) {
            case 'n' -> "\n";
            case 't', '\t' -> "\t";
            case 'r' -> "\r";
            case '0' -> "\0";
            case 'a' -> "\u0007";
            case 'b' -> "\b";
            case 'e' -> "\u001b";
            case 'f' -> "\f";
            case 'v' -> "\u000b";
            case 'N' -> "\u0085";
            case '_' -> "\u00a0";
            case 'L' -> "\u2028";
            case 'P' -> "\u2029";
            case 'x', 'u', 'U' -> {
                try {
                    yield new String(Character.toChars(Integer.parseInt(esc.substring(2), 16)));
                } catch (IllegalArgumentException ex) {
                    yield esc;
                }
            }
            default -> String.valueOf(n);
        };
    }

    /** A literal or folded block scalar whose header starts at {@code s}. */
    private boolean block(int s, int e, boolean folded) {
        int headerEnd = source.lineEnd(s);
        String header = text().substring(s, headerEnd);
        if (header.chars().anyMatch(Character::isDigit)) {
            return false;
        }
        int nl = text().indexOf('\n', headerEnd);
        if (nl < 0) {
            return true;
        }
        int indent = -1;
        boolean first = true;
        boolean prevNormal = false;
        int empties = 0;
        int prevEnd = nl;
        for (int i = nl + 1; i < e && i < text().length(); ) {
            int lineEnd = source.lineEnd(i);
            int spaces = 0;
            while (i + spaces < lineEnd && text().charAt(i + spaces) == ' ') {
                spaces++;
            }
            if (i + spaces == lineEnd || (indent >= 0 && spaces < indent && i + spaces == lineEnd)) {
                empties++;
            } else {
                if (indent < 0) {
                    indent = spaces;
                }
                if (spaces < indent) {
                    break;
                }
                int a = i + indent;
                boolean more = text().charAt(a) == ' ' || text().charAt(a) == '\t';
                if (first) {
                    for (int k = 0; k < empties; k++) {
                        emit('\n', prevEnd);
                    }
                } else if (folded && prevNormal && !more) {
                    separate(empties, prevEnd);
                } else {
                    emit('\n', prevEnd);
                    for (int k = 0; k < empties; k++) {
                        emit('\n', prevEnd);
                    }
                }
                for (int k = a; k < lineEnd; k++) {
                    emit(text().charAt(k), k);
                }
                prevEnd = lineEnd;
                prevNormal = !more;
                first = false;
                empties = 0;
            }
            int next = text().indexOf('\n', lineEnd);
            if (next < 0) {
                break;
            }
            i = next + 1;
        }
        emit('\n', prevEnd);
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
