package io.atrium.sdk.logic;

import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * Java functions handed to scripts (the prelude's bridge, WXS's built-ins): a script sees a plain
 * function of the given name, whose body gets the arguments only, so nothing of Java is reachable
 * through it (no wrapped objects, no {@code this}, no scope).
 */
final class NativeFunctions {

    private NativeFunctions() {}

    @FunctionalInterface
    interface Body {
        Object call(Object[] args);
    }

    static BaseFunction of(ScriptableObject scope, String name, Body body) {
        BaseFunction fn = new BaseFunction() {
            @Override
            public Object call(Context cx, Scriptable callScope, Scriptable thisObj, Object[] args) {
                return body.call(args);
            }

            @Override
            public String getFunctionName() {
                return name;
            }
        };
        fn.setPrototype(ScriptableObject.getFunctionPrototype(scope));
        fn.setParentScope(scope);
        return fn;
    }
}
