package io.atrium.sdk.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@code {{ }}} binding expression, parsed once: data paths ({@code a.b[2].c}, {@code a['k']}),
 * literals (numbers, strings, {@code true false null undefined}, arrays, objects with spread),
 * arithmetic, comparison, logic, {@code !}, unary minus, the ternary, and calls of
 * {@link TemplateFunction}s (WXS modules' functions: {@code m.format(price)}); calling anything else
 * gives {@code undefined}. Evaluated with JavaScript's
 * rules for truthiness, {@code +} on strings, and loose and strict equality, over data made of maps,
 * lists, strings, numbers, booleans and null.
 */
public abstract class Expression {

    /** Evaluates against a scope (page data plus loop variables). */
    public abstract @Nullable Object evaluate(Scope scope);

    /** The names this expression reads first (for dependency tracking): {@code a} of {@code a.b[1]}. */
    public abstract void roots(List<String> into);

    /** What a binding reads its names from. */
    public interface Scope {
        /** The value of a top-level name, or {@link Values#UNDEFINED}. */
        @Nullable
        Object lookup(String name);
    }

    /** Parses the inside of {@code {{ }}}. @throws TemplateException naming the position on a syntax error */
    public static Expression parse(String source) {
        Parser parser = new Parser(source);
        Expression expression = parser.expression();
        parser.expectEnd();
        return expression;
    }

    /**
     * Parses a template's {@code data} binding, where WXML allows an object's body without braces:
     * {@code {{...item}}}, {@code {{a: 1, b}}}, or any expression.
     */
    public static Expression parseData(String source) {
        String trimmed = source.strip();
        if (!trimmed.startsWith("{")) {
            try {
                Parser parser = new Parser("{" + source + "}");
                Expression object = parser.primary();
                parser.expectEnd();
                return object;
            } catch (TemplateException notAnObjectBody) {
                // fall through: an ordinary expression
            }
        }
        return parse(source);
    }

    // ---- AST ----

    private static final class Constant extends Expression {
        final @Nullable Object value;

        Constant(@Nullable Object value) {
            this.value = value;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            return value;
        }

        @Override
        public void roots(List<String> into) {}
    }

    private static final class Name extends Expression {
        final String name;

        Name(String name) {
            this.name = name;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            return scope.lookup(name);
        }

        @Override
        public void roots(List<String> into) {
            into.add(name);
        }
    }

    private static final class Member extends Expression {
        final Expression target;
        final Expression key;

        Member(Expression target, Expression key) {
            this.target = target;
            this.key = key;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            return Values.member(target.evaluate(scope), key.evaluate(scope));
        }

        @Override
        public void roots(List<String> into) {
            target.roots(into);
            key.roots(into);
        }
    }

    private static final class Unary extends Expression {
        final char op;
        final Expression operand;

        Unary(char op, Expression operand) {
            this.op = op;
            this.operand = operand;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            Object v = operand.evaluate(scope);
            return switch (op) {
                case '!' -> !Values.truthy(v);
                case '-' -> Values.normalize(-Values.number(v));
                default -> Values.normalize(Values.number(v));
            };
        }

        @Override
        public void roots(List<String> into) {
            operand.roots(into);
        }
    }

    private static final class Binary extends Expression {
        final String op;
        final Expression left;
        final Expression right;

        Binary(String op, Expression left, Expression right) {
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            if (op.equals("&&")) {
                Object l = left.evaluate(scope);
                return Values.truthy(l) ? right.evaluate(scope) : l;
            }
            if (op.equals("||")) {
                Object l = left.evaluate(scope);
                return Values.truthy(l) ? l : right.evaluate(scope);
            }
            Object l = left.evaluate(scope);
            Object r = right.evaluate(scope);
            return switch (op) {
                case "+" ->
                    (l instanceof String || r instanceof String)
                            ? Values.string(l) + Values.string(r)
                            : Values.normalize(Values.number(l) + Values.number(r));
                case "-" -> Values.normalize(Values.number(l) - Values.number(r));
                case "*" -> Values.normalize(Values.number(l) * Values.number(r));
                case "/" -> Values.normalize(Values.number(l) / Values.number(r));
                case "%" -> Values.normalize(Values.number(l) % Values.number(r));
                case "==" -> Values.looseEquals(l, r);
                case "!=" -> !Values.looseEquals(l, r);
                case "===" -> Values.strictEquals(l, r);
                case "!==" -> !Values.strictEquals(l, r);
                case "<" -> Values.compare(l, r) == -1;
                case "<=" -> Values.compare(l, r) == -1 || Values.compare(l, r) == 0;
                case ">" -> Values.compare(l, r) == 1;
                case ">=" -> Values.compare(l, r) == 1 || Values.compare(l, r) == 0;
                default -> throw new IllegalStateException(op);
            };
        }

        @Override
        public void roots(List<String> into) {
            left.roots(into);
            right.roots(into);
        }
    }

    private static final class Call extends Expression {
        final Expression callee;
        final List<Expression> arguments;

        Call(Expression callee, List<Expression> arguments) {
            this.callee = callee;
            this.arguments = arguments;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            Object f = callee.evaluate(scope);
            if (!(f instanceof TemplateFunction function)) {
                // WeChat's bindings have no methods ({{price.toFixed(2)}}): such a call shows nothing.
                return Values.UNDEFINED;
            }
            List<Object> values = new ArrayList<>(arguments.size());
            for (Expression argument : arguments) {
                values.add(argument.evaluate(scope));
            }
            return function.call(values);
        }

        @Override
        public void roots(List<String> into) {
            callee.roots(into);
            arguments.forEach(a -> a.roots(into));
        }
    }

    private static final class Conditional extends Expression {
        final Expression test;
        final Expression then;
        final Expression otherwise;

        Conditional(Expression test, Expression then, Expression otherwise) {
            this.test = test;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            return Values.truthy(test.evaluate(scope)) ? then.evaluate(scope) : otherwise.evaluate(scope);
        }

        @Override
        public void roots(List<String> into) {
            test.roots(into);
            then.roots(into);
            otherwise.roots(into);
        }
    }

    private static final class ArrayLiteral extends Expression {
        final List<Expression> items;

        ArrayLiteral(List<Expression> items) {
            this.items = items;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            List<Object> out = new ArrayList<>(items.size());
            for (Expression item : items) {
                out.add(item.evaluate(scope));
            }
            return out;
        }

        @Override
        public void roots(List<String> into) {
            items.forEach(i -> i.roots(into));
        }
    }

    private static final class ObjectLiteral extends Expression {
        /** A null key marks a spread. */
        final List<String> keys;

        final List<Expression> values;

        ObjectLiteral(List<String> keys, List<Expression> values) {
            this.keys = keys;
            this.values = values;
        }

        @Override
        public @Nullable Object evaluate(Scope scope) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                Object value = values.get(i).evaluate(scope);
                if (keys.get(i) == null) {
                    if (value instanceof Map<?, ?> map) {
                        map.forEach((k, v) -> out.put(String.valueOf(k), v));
                    }
                } else {
                    out.put(keys.get(i), value);
                }
            }
            return out;
        }

        @Override
        public void roots(List<String> into) {
            values.forEach(v -> v.roots(into));
        }
    }

    // ---- parser ----

    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        Expression expression() {
            Expression test = or();
            if (take("?")) {
                Expression then = expression();
                expect(":");
                return new Conditional(test, then, expression());
            }
            return test;
        }

        private Expression or() {
            Expression e = and();
            while (take("||")) {
                e = new Binary("||", e, and());
            }
            return e;
        }

        private Expression and() {
            Expression e = equality();
            while (take("&&")) {
                e = new Binary("&&", e, equality());
            }
            return e;
        }

        private Expression equality() {
            Expression e = relational();
            while (true) {
                String op = take("===") ? "===" : take("!==") ? "!==" : take("==") ? "==" : take("!=") ? "!=" : null;
                if (op == null) {
                    return e;
                }
                e = new Binary(op, e, relational());
            }
        }

        private Expression relational() {
            Expression e = additive();
            while (true) {
                String op = take("<=") ? "<=" : take(">=") ? ">=" : take("<") ? "<" : take(">") ? ">" : null;
                if (op == null) {
                    return e;
                }
                e = new Binary(op, e, additive());
            }
        }

        private Expression additive() {
            Expression e = multiplicative();
            while (true) {
                String op = peekIs('+') ? "+" : peekIs('-') ? "-" : null;
                if (op == null) {
                    return e;
                }
                i++;
                e = new Binary(op, e, multiplicative());
            }
        }

        private Expression multiplicative() {
            Expression e = unary();
            while (true) {
                String op = peekIs('*') ? "*" : peekIs('/') ? "/" : peekIs('%') ? "%" : null;
                if (op == null) {
                    return e;
                }
                i++;
                e = new Binary(op, e, unary());
            }
        }

        private Expression unary() {
            skip();
            if (i < s.length()
                    && (s.charAt(i) == '!' && !s.startsWith("!=", i) || s.charAt(i) == '-' || s.charAt(i) == '+')) {
                char op = s.charAt(i++);
                return new Unary(op, unary());
            }
            return postfix();
        }

        private Expression postfix() {
            Expression e = primary();
            while (true) {
                skip();
                if (i < s.length() && s.charAt(i) == '.' && !s.startsWith("...", i)) {
                    i++;
                    e = new Member(e, new Constant(identifier()));
                } else if (take("[")) {
                    Expression key = expression();
                    expect("]");
                    e = new Member(e, key);
                } else if (take("(")) {
                    List<Expression> arguments = new ArrayList<>();
                    if (!take(")")) {
                        do {
                            arguments.add(expression());
                        } while (take(","));
                        expect(")");
                    }
                    e = new Call(e, arguments);
                } else {
                    return e;
                }
            }
        }

        Expression primary() {
            skip();
            if (i >= s.length()) {
                throw error("an expression is missing");
            }
            char c = s.charAt(i);
            if (c == '(') {
                i++;
                Expression e = expression();
                expect(")");
                return e;
            }
            if (c == '\'' || c == '"') {
                return new Constant(string(c));
            }
            if (Character.isDigit(c) || (c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
                return new Constant(number());
            }
            if (c == '[') {
                i++;
                List<Expression> items = new ArrayList<>();
                if (!take("]")) {
                    do {
                        items.add(expression());
                    } while (take(","));
                    expect("]");
                }
                return new ArrayLiteral(items);
            }
            if (c == '{') {
                i++;
                List<String> keys = new ArrayList<>();
                List<Expression> values = new ArrayList<>();
                if (!take("}")) {
                    do {
                        skip();
                        if (take("...")) {
                            keys.add(null);
                            values.add(expression());
                            continue;
                        }
                        String key = peekIs('\'') || peekIs('"') ? string(s.charAt(i)) : identifier();
                        keys.add(key);
                        values.add(take(":") ? expression() : new Name(key));
                    } while (take(","));
                    expect("}");
                }
                return new ObjectLiteral(keys, values);
            }
            String word = identifier();
            return switch (word) {
                case "true" -> new Constant(Boolean.TRUE);
                case "false" -> new Constant(Boolean.FALSE);
                case "null" -> new Constant(null);
                case "undefined" -> new Constant(Values.UNDEFINED);
                default -> new Name(word);
            };
        }

        private String identifier() {
            skip();
            int start = i;
            while (i < s.length()
                    && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_' || s.charAt(i) == '$')) {
                i++;
            }
            if (start == i || Character.isDigit(s.charAt(start))) {
                throw error("a name was expected");
            }
            return s.substring(start, i);
        }

        private String string(char quote) {
            StringBuilder out = new StringBuilder();
            i++;
            while (i < s.length() && s.charAt(i) != quote) {
                char c = s.charAt(i++);
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    out.append(
                            switch (e) {
                                case 'n' -> '\n';
                                case 't' -> '\t';
                                default -> e;
                            });
                } else {
                    out.append(c);
                }
            }
            if (i >= s.length()) {
                throw error("a string is not closed");
            }
            i++;
            return out.toString();
        }

        private Object number() {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            try {
                return Values.normalize(Double.parseDouble(s.substring(start, i)));
            } catch (NumberFormatException e) {
                throw error("'" + s.substring(start, i) + "' is not a number");
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private boolean peekIs(char c) {
            skip();
            return i < s.length() && s.charAt(i) == c;
        }

        private boolean take(String token) {
            skip();
            if (s.startsWith(token, i)) {
                i += token.length();
                return true;
            }
            return false;
        }

        private void expect(String token) {
            if (!take(token)) {
                throw error("'" + token + "' was expected");
            }
        }

        void expectEnd() {
            skip();
            if (i < s.length()) {
                throw error("unexpected '" + s.charAt(i) + "'");
            }
        }

        private TemplateException error(String message) {
            return new TemplateException("in {{" + s + "}} at " + (i + 1) + ": " + message);
        }
    }
}
