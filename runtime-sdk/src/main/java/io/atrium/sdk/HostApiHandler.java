package io.atrium.sdk;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * A custom host API a mini-program calls with {@code ft.invokeHostApi(name, params, callbacks)}.
 * It is reached only when the host's policy grants the API to the calling mini-program.
 */
@FunctionalInterface
public interface HostApiHandler {

    /**
     * Handles one call.
     *
     * @param miniProgramId who calls
     * @param params        the call's parameters (JSON values: maps, lists, strings, numbers, booleans, null)
     * @return the result {@code success} receives; a failed stage reaches {@code fail} with its message
     */
    CompletionStage<Map<String, Object>> handle(String miniProgramId, Map<String, Object> params);
}
