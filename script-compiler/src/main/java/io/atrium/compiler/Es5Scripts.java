package io.atrium.compiler;

import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ErrorReporter;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Parser;
import org.mozilla.javascript.Token;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.AstRoot;
import org.mozilla.javascript.ast.BigIntLiteral;
import org.mozilla.javascript.ast.ComputedPropertyKey;
import org.mozilla.javascript.ast.DestructuringForm;
import org.mozilla.javascript.ast.FunctionNode;
import org.mozilla.javascript.ast.GeneratorMethodDefinition;
import org.mozilla.javascript.ast.LetNode;
import org.mozilla.javascript.ast.ObjectProperty;
import org.mozilla.javascript.ast.Spread;
import org.mozilla.javascript.ast.SpreadObjectProperty;
import org.mozilla.javascript.ast.TaggedTemplateLiteral;
import org.mozilla.javascript.ast.TemplateCharacters;
import org.mozilla.javascript.ast.TemplateLiteral;
import org.mozilla.javascript.ast.VariableDeclaration;
import org.mozilla.javascript.ast.Yield;

/**
 * Tells scripts that are plain ES5 from those that need compiling, so that ES5 scripts (most of
 * those already built by WeChat's tools) cost no Babel time. Rhino parses at its pre-ES2015
 * language level, which refuses {@code let}, classes, destructuring, spread in calls, {@code for-of}
 * and {@code async}, but still accepts arrows, template literals and {@code const}; a walk over the
 * tree then sends any function, literal or declaration that ES5 lacks to Babel as well.
 *
 * <p>Why not let Rhino run what its ES6 level parses: it parses most of ES2015 but runs some of it
 * wrongly ({@code let} in a {@code for} loop shares one binding across iterations, so closures
 * made in the loop all see the last value), and refuses classes, spread in calls and
 * {@code async}. Code it would parse but run differently from WeChat is worse than code it refuses;
 * everything past ES5 goes through Babel instead (measured in docs/architecture.md).
 */
final class Es5Scripts {

    private Es5Scripts() {}

    static boolean isPlainEs5(String source) {
        CompilerEnvirons environment = new CompilerEnvirons();
        environment.setLanguageVersion(Context.VERSION_1_5);
        environment.setRecordingComments(false);
        environment.setRecordingLocalJsDocComments(false);
        environment.setStrictMode(false);
        environment.setWarnTrailingComma(false);
        try {
            AstRoot root = new Parser(environment, Refusing.INSTANCE).parse(source, "script.js", 1);
            boolean[] modern = {false};
            root.visitAll(node -> {
                if (!modern[0] && isPastEs5(node)) {
                    modern[0] = true;
                }
                return !modern[0];
            });
            return !modern[0];
        } catch (EvaluatorException e) {
            return false;
        }
    }

    private static boolean isPastEs5(AstNode node) {
        if (node instanceof FunctionNode function) {
            return function.getFunctionType() == FunctionNode.ARROW_FUNCTION
                    || function.isGenerator()
                    || function.isES6Generator()
                    || function.hasRestParameter()
                    || (function.getDefaultParams() != null
                            && !function.getDefaultParams().isEmpty());
        }
        if (node instanceof VariableDeclaration declaration) {
            return declaration.getType() != Token.VAR;
        }
        if (node instanceof ObjectProperty property) {
            return property.isNormalMethod() || property.getKey() instanceof ComputedPropertyKey;
        }
        return node instanceof TemplateLiteral
                || node instanceof TaggedTemplateLiteral
                || node instanceof TemplateCharacters
                || node instanceof ComputedPropertyKey
                || node instanceof Spread
                || node instanceof SpreadObjectProperty
                || node instanceof Yield
                || node instanceof LetNode
                || (node instanceof DestructuringForm form && form.isDestructuring())
                || node instanceof GeneratorMethodDefinition
                || node instanceof BigIntLiteral;
    }

    /** Turns the first error into an exception, so a script that does not parse is not parsed on. */
    private enum Refusing implements ErrorReporter {
        INSTANCE;

        @Override
        public void warning(String message, String sourceName, int line, String lineSource, int lineOffset) {}

        @Override
        public void error(String message, String sourceName, int line, String lineSource, int lineOffset) {
            throw new EvaluatorException(message, sourceName, line, lineSource, lineOffset);
        }

        @Override
        public EvaluatorException runtimeError(
                String message, String sourceName, int line, String lineSource, int lineOffset) {
            return new EvaluatorException(message, sourceName, line, lineSource, lineOffset);
        }
    }
}
