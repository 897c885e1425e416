package io.atrium.command.dispatch;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The request a command serves, in the logging MDC of the command thread while it runs: structured
 * logs (JSON) carry these keys as fields on every line the command logs, whichever class logs it.
 * The previous values come back on close, so a command run from within another (the security log's
 * appends on their own thread, a login's nested commands) leaves its caller's keys as they were.
 */
public final class CommandMdc implements AutoCloseable {

    /** The request's {@code X-Request-Id} (or the id generated for it). */
    public static final String REQUEST_ID = "requestId";

    /** What ties together everything the request started; events carry it in their metadata too. */
    public static final String CORRELATION_ID = "correlationId";

    public static final String TENANT = "tenant";

    /** The caller's actor: an API key's or a member's id, never a secret. */
    public static final String PRINCIPAL = "principal";

    private final @Nullable String requestId = MDC.get(REQUEST_ID);
    private final @Nullable String correlationId = MDC.get(CORRELATION_ID);
    private final @Nullable String tenant = MDC.get(TENANT);
    private final @Nullable String principal = MDC.get(PRINCIPAL);

    private CommandMdc() {}

    public static CommandMdc of(RequestContext context) {
        CommandMdc scope = new CommandMdc();
        // An HTTP request's id is its correlation id (RequestContexts); both keys are set so a log query
        // for either finds the line.
        MDC.put(REQUEST_ID, context.correlationId());
        MDC.put(CORRELATION_ID, context.correlationId());
        MDC.put(TENANT, context.caller().tenant().value());
        MDC.put(PRINCIPAL, context.caller().actor().value());
        return scope;
    }

    @Override
    public void close() {
        restore(REQUEST_ID, requestId);
        restore(CORRELATION_ID, correlationId);
        restore(TENANT, tenant);
        restore(PRINCIPAL, principal);
    }

    private static void restore(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
