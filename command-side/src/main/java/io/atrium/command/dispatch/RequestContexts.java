package io.atrium.command.dispatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.atrium.events.InvalidValueException;
import io.atrium.events.access.Caller;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;

/** Reads a {@link RequestContext} off an HTTP exchange, and writes the 202 every command answers. */
public final class RequestContexts {

    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    public static final String REQUEST_ID = "X-Request-Id";
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final Pattern SAFE = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private RequestContexts() {}

    /**
     * @param body what the request asked for, in any JSON-serializable form; it and the method and path
     *             make the fingerprint an idempotent retry must match
     */
    public static RequestContext of(ServerWebExchange exchange, Caller caller, Object body) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        String key = headers.getFirst(IDEMPOTENCY_KEY);
        if (key != null && !SAFE.matcher(key).matches()) {
            throw new InvalidValueException(IDEMPOTENCY_KEY, "Idempotency-Key must be 1-200 visible ASCII characters");
        }
        String requestId = headers.getFirst(REQUEST_ID);
        if (requestId == null || !SAFE.matcher(requestId).matches() || requestId.length() > 128) {
            requestId = UUID.randomUUID().toString();
        }
        exchange.getResponse().getHeaders().set(REQUEST_ID, requestId);
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String address = remote == null
                ? ""
                : remote.getAddress() == null
                        ? remote.getHostString()
                        : remote.getAddress().getHostAddress();
        // Only a request that may be retried needs its fingerprint.
        String fingerprint = key == null
                ? ""
                : fingerprint(
                        exchange.getRequest().getMethod().name() + " "
                                + exchange.getRequest().getPath().value(),
                        body);
        return new RequestContext(caller, address, requestId, key, fingerprint);
    }

    public static String fingerprint(String target, Object body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(target.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
            sha.update(CANONICAL.writeValueAsBytes(body));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint request", e);
        }
    }

    /** The 202 a recorded command answers, with {@code body} (which carries the id and position). */
    public static <T> ResponseEntity<T> accepted(Accepted accepted, @Nullable String location, T body) {
        ResponseEntity.BodyBuilder response = ResponseEntity.accepted();
        if (location != null) {
            response.header(HttpHeaders.LOCATION, location);
        }
        if (accepted.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.body(body);
    }

    /** The 202 a recorded command answers: {@code {id, position}}. */
    public static ResponseEntity<CommandAnswer> accepted(Accepted accepted, @Nullable String location) {
        return accepted(accepted, location, CommandAnswer.of(accepted));
    }
}
