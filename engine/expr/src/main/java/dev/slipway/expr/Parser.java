package dev.slipway.expr;

import dev.slipway.expr.Expr.CompareOp;
import dev.slipway.expr.Lexer.Kind;
import dev.slipway.expr.Lexer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser. Precedence, loosest first: {@code ||}, {@code &&}, {@code == !=}, {@code < <= > >=},
 * {@code !}, then property access, index, filter and calls.
 */
final class Parser {
    static final int MAX_LENGTH = 21_000;
    static final int MAX_DEPTH = 50;

    private final List<Token> tokens;
    private int pos;
    private int depth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Expr parse(String source) throws ExprException {
        return parse(source, 0, source.length());
    }

    /** Parses {@code source[from, to)}; node offsets and errors are indexes into {@code source}. */
    static Expr parse(String source, int from, int to) throws ExprException {
        if (to - from > MAX_LENGTH) {
            throw new ExprException("expression is longer than " + MAX_LENGTH + " characters", from);
        }
        Parser parser = new Parser(Lexer.lex(source, from, to));
        if (parser.peek().kind() == Kind.EOF) {
            throw new ExprException("expected an expression", from);
        }
        Expr expr = parser.or();
        Token rest = parser.peek();
        if (rest.kind() != Kind.EOF) {
            throw unexpected(rest);
        }
        return expr;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            pos++;
            return true;
        }
        return false;
    }

    private Token expect(Kind kind) throws ExprException {
        Token t = peek();
        if (t.kind() != kind) {
            throw unexpected(t);
        }
        pos++;
        return t;
    }

    private static ExprException unexpected(Token t) {
        if (t.kind() == Kind.EOF) {
            return new ExprException("unexpected end of expression", t.offset());
        }
        return new ExprException("unexpected symbol '" + t.text() + "'", t.offset());
    }

    private Expr nested() throws ExprException {
        if (++depth > MAX_DEPTH) {
            throw new ExprException("expression is nested deeper than " + MAX_DEPTH + " levels", peek().offset());
        }
        try {
            return or();
        } finally {
            depth--;
        }
    }

    private Expr or() throws ExprException {
        Expr left = and();
        while (peek().kind() == Kind.OR) {
            int at = next().offset();
            left = new Expr.Or(left, and(), at);
        }
        return left;
    }

    private Expr and() throws ExprException {
        Expr left = equality();
        while (peek().kind() == Kind.AND) {
            int at = next().offset();
            left = new Expr.And(left, equality(), at);
        }
        return left;
    }

    private Expr equality() throws ExprException {
        Expr left = comparison();
        while (true) {
            CompareOp op = switch (peek().kind()) {
                case EQ -> CompareOp.EQ;
                case NE -> CompareOp.NE;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            int at = next().offset();
            left = new Expr.Compare(op, left, comparison(), at);
        }
    }

    private Expr comparison() throws ExprException {
        Expr left = unary();
        while (true) {
            CompareOp op = switch (peek().kind()) {
                case LT -> CompareOp.LT;
                case LE -> CompareOp.LE;
                case GT -> CompareOp.GT;
                case GE -> CompareOp.GE;
                default -> null;
            };
            if (op == null) {
                return left;
            }
            int at = next().offset();
            left = new Expr.Compare(op, left, unary(), at);
        }
    }

    private Expr unary() throws ExprException {
        if (peek().kind() == Kind.BANG) {
            int at = next().offset();
            if (++depth > MAX_DEPTH) {
                throw new ExprException("expression is nested deeper than " + MAX_DEPTH + " levels", at);
            }
            try {
                return new Expr.Not(unary(), at);
            } finally {
                depth--;
            }
        }
        return postfix(primary());
    }

    private Expr primary() throws ExprException {
        Token t = next();
        return switch (t.kind()) {
            case NUMBER, STRING -> new Expr.Literal(t.value(), t.offset());
            case TRUE -> new Expr.Literal(Value.TRUE, t.offset());
            case FALSE -> new Expr.Literal(Value.FALSE, t.offset());
            case NULL -> new Expr.Literal(Value.NULL, t.offset());
            case IDENT ->
                peek().kind() == Kind.LPAREN
                        ? call(t)
                        : new Expr.ContextRef(t.text().toLowerCase(Locale.ROOT), t.offset());
            case LPAREN -> {
                Expr inner = nested();
                expect(Kind.RPAREN);
                yield inner;
            }
            default -> throw unexpected(t);
        };
    }

    private Expr call(Token name) throws ExprException {
        Builtin fn = Builtin.lookup(name.text())
                .orElseThrow(() -> new ExprException("unknown function '" + name.text() + "'", name.offset()));
        expect(Kind.LPAREN);
        List<Expr> args = new ArrayList<>();
        if (!accept(Kind.RPAREN)) {
            do {
                args.add(nested());
            } while (accept(Kind.COMMA));
            expect(Kind.RPAREN);
        }
        if (args.size() < fn.minArgs() || args.size() > fn.maxArgs()) {
            throw new ExprException(
                    "wrong number of arguments to '" + fn.displayName() + "': expected " + arity(fn) + ", got "
                            + args.size(),
                    name.offset());
        }
        if (fn == Builtin.CASE && args.size() % 2 == 0) {
            throw new ExprException(
                    "wrong number of arguments to 'case': expected an odd number (pairs of a condition and its value,"
                            + " then the default), got " + args.size(),
                    name.offset());
        }
        return new Expr.Call(fn, args, name.offset());
    }

    private static String arity(Builtin fn) {
        if (fn.minArgs() == fn.maxArgs()) {
            return Integer.toString(fn.minArgs());
        }
        return fn.maxArgs() >= 255 ? "at least " + fn.minArgs() : fn.minArgs() + " to " + fn.maxArgs();
    }

    private Expr postfix(Expr target) throws ExprException {
        Expr result = target;
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.DOT) {
                pos++;
                Token name = next();
                if (name.kind() == Kind.STAR) {
                    result = new Expr.Filter(result, isFiltered(result), t.offset());
                } else if (name.kind() == Kind.IDENT) {
                    Expr key = new Expr.Literal(new Value.Str(name.text()), name.offset());
                    result = new Expr.Index(result, key, isFiltered(result), t.offset());
                } else {
                    throw unexpected(name);
                }
            } else if (t.kind() == Kind.LBRACKET) {
                pos++;
                if (accept(Kind.STAR)) {
                    result = new Expr.Filter(result, isFiltered(result), t.offset());
                } else {
                    result = new Expr.Index(result, nested(), isFiltered(result), t.offset());
                }
                expect(Kind.RBRACKET);
            } else {
                return result;
            }
        }
    }

    private static boolean isFiltered(Expr e) {
        return e instanceof Expr.Filter || (e instanceof Expr.Index i && i.elementwise());
    }
}
