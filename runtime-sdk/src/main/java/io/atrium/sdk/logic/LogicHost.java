package io.atrium.sdk.logic;

import org.jspecify.annotations.Nullable;

/**
 * What the logic layer asks of the rest of the runtime. Called on the sandbox's thread, in the
 * middle of a callback; values cross as JSON text, never as live objects of either side.
 */
public interface LogicHost {

    /** A page (or a component instance) was created with this initial data (before its {@code onLoad}). */
    void pageData(int pageId, String dataJson);

    /**
     * The page called {@code setData}; {@code operationsJson} is a list of {@code [segments, value]},
     * its path keys already split ({@code 'a.b[2]'} is {@code ["a","b",2]}). Already checked for size.
     */
    void setData(int pageId, String operationsJson);

    /**
     * A synchronous API ({@code getStorageSync} ...): its answer as JSON, or null for {@code undefined}.
     *
     * @throws ApiFailure to throw an error into the script
     */
    @Nullable
    String callSync(String api, String argumentsJson);

    /**
     * An asynchronous API ({@code request}, {@code showModal} ...). Its result must reach the script
     * later through {@link LogicEngine#deliver}, never during this call.
     */
    void callAsync(String api, String optionsJson, int callbackId);

    /**
     * The text of one of the package's scripts ({@code utils/util.js}), read when it is first
     * required; null when the package has none. The path is already a plain one ending in {@code .js}.
     */
    @Nullable
    String script(String path);

    /**
     * A component called {@code triggerEvent(name, detail)}: the handler its host element binds to
     * {@code name} runs now, before this returns, as in WeChat.
     */
    void triggerEvent(int componentId, String name, String detailJson);

    /** {@code console.*} output. */
    void log(String level, String message);

    /** A callback failed with an error the script did not catch. */
    void scriptFailed(ScriptError error);

    /** Memory the host keeps for the mini-program outside its scripts (page data and renders), in bytes. */
    default long retainedBytes() {
        return 0;
    }
}
