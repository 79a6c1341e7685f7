package dev.slipway.expr;

import java.util.ArrayList;
import java.util.List;

/** Splits expression text into tokens the way GitHub's lexer does (numbers and identifiers end at boundaries). */
final class Lexer {

    enum Kind {
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        COMMA,
        DOT,
        BANG,
        NE,
        EQ,
        GT,
        GE,
        LT,
        LE,
        AND,
        OR,
        STAR,
        NUMBER,
        STRING,
        IDENT,
        TRUE,
        FALSE,
        NULL,
        EOF
    }

    record Token(Kind kind, String text, int offset, Value value) {
        Token(Kind kind, String text, int offset) {
            this(kind, text, offset, Value.NULL);
        }
    }

    private final String input;
    private final int end;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private Lexer(String input, int from, int to) {
        this.input = input;
        this.pos = from;
        this.end = to;
    }

    /** Tokens of {@code input[from, to)}; offsets are indexes into {@code input}. */
    static List<Token> lex(String input, int from, int to) throws ExprException {
        Lexer lexer = new Lexer(input, from, to);
        lexer.run();
        return lexer.tokens;
    }

    private void run() throws ExprException {
        int n = end;
        while (pos < n) {
            int start = pos;
            char c = input.charAt(pos++);
            switch (c) {
                case ' ', '\t', '\r', '\n' -> {}
                case '(' -> add(Kind.LPAREN, start);
                case ')' -> add(Kind.RPAREN, start);
                case '[' -> add(Kind.LBRACKET, start);
                case ']' -> add(Kind.RBRACKET, start);
                case ',' -> add(Kind.COMMA, start);
                case '*' -> add(Kind.STAR, start);
                case '.' -> {
                    Kind prev = previous();
                    if (prev == Kind.IDENT || prev == Kind.RBRACKET || prev == Kind.RPAREN || prev == Kind.STAR) {
                        add(Kind.DOT, start);
                    } else {
                        number(start);
                    }
                }
                case '-', '+' -> number(start);
                case '!' -> add(match('=') ? Kind.NE : Kind.BANG, start);
                case '<' -> add(match('=') ? Kind.LE : Kind.LT, start);
                case '>' -> add(match('=') ? Kind.GE : Kind.GT, start);
                case '=' -> pair('=', Kind.EQ, start);
                case '&' -> pair('&', Kind.AND, start);
                case '|' -> pair('|', Kind.OR, start);
                case '\'' -> string(start);
                default -> {
                    if (c >= '0' && c <= '9') {
                        number(start);
                    } else {
                        identifier(start);
                    }
                }
            }
        }
        tokens.add(new Token(Kind.EOF, "", n));
    }

    private void pair(char second, Kind kind, int start) throws ExprException {
        if (match(second)) {
            add(kind, start);
        } else {
            throw new ExprException("unexpected symbol '" + input.charAt(start) + "'", start);
        }
    }

    private Kind previous() {
        return tokens.isEmpty() ? Kind.EOF : tokens.get(tokens.size() - 1).kind();
    }

    private boolean match(char expected) {
        if (pos < end && input.charAt(pos) == expected) {
            pos++;
            return true;
        }
        return false;
    }

    private void add(Kind kind, int start) {
        tokens.add(new Token(kind, input.substring(start, pos), start));
    }

    private void number(int start) throws ExprException {
        while (pos < end && (!isBoundary(input.charAt(pos)) || input.charAt(pos) == '.')) {
            pos++;
        }
        String lexeme = input.substring(start, pos);
        double value = Values.parseNumber(lexeme);
        if (Double.isNaN(value) || lexeme.isBlank()) {
            throw new ExprException("unexpected symbol '" + lexeme + "'", start);
        }
        tokens.add(new Token(Kind.NUMBER, lexeme, start, new Value.Num(value)));
    }

    private void string(int start) throws ExprException {
        StringBuilder sb = new StringBuilder();
        int n = end;
        while (true) {
            if (pos >= n) {
                throw new ExprException("unterminated string", start);
            }
            char c = input.charAt(pos++);
            if (c == '\'') {
                if (pos < n && input.charAt(pos) == '\'') {
                    sb.append('\'');
                    pos++;
                } else {
                    break;
                }
            } else {
                sb.append(c);
            }
        }
        tokens.add(new Token(Kind.STRING, input.substring(start, pos), start, new Value.Str(sb.toString())));
    }

    private void identifier(int start) throws ExprException {
        while (pos < end && !isBoundary(input.charAt(pos))) {
            pos++;
        }
        String lexeme = input.substring(start, pos);
        if (!isLegalIdentifier(lexeme)) {
            throw new ExprException("unexpected symbol '" + lexeme + "'", start);
        }
        Kind kind = Kind.IDENT;
        Value value = Value.NULL;
        if (previous() != Kind.DOT) {
            switch (lexeme) {
                case "true" -> kind = Kind.TRUE;
                case "false" -> kind = Kind.FALSE;
                case "null" -> kind = Kind.NULL;
                case "NaN" -> {
                    kind = Kind.NUMBER;
                    value = new Value.Num(Double.NaN);
                }
                case "Infinity" -> {
                    kind = Kind.NUMBER;
                    value = new Value.Num(Double.POSITIVE_INFINITY);
                }
                default -> {}
            }
        }
        tokens.add(new Token(kind, lexeme, start, value));
    }

    private static boolean isBoundary(char c) {
        return switch (c) {
            case '(', '[', ')', ']', ',', '.', '!', '>', '<', '=', '&', '|' -> true;
            default -> Character.isWhitespace(c);
        };
    }

    static boolean isLegalIdentifier(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char first = s.charAt(0);
        if (!(isLetter(first) || first == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || (c >= '0' && c <= '9') || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
