package io.atrium.query.readmodel;

import io.atrium.events.InvalidValueException;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * How every list route answers a page: {@code page} counts from 0 and {@code size} runs from 1 to the
 * configured most ({@code atrium.query.max-page-size}), checked the same way everywhere; the read waits
 * for {@code minPosition} on the list's projection, and the page is answered with an ETag.
 */
public final class Paging {

    private final ReadYourWrites readYourWrites;
    private final Responses responses;
    private final int maxPageSize;

    public Paging(ReadYourWrites readYourWrites, Responses responses, int maxPageSize) {
        this.readYourWrites = readYourWrites;
        this.responses = responses;
        this.maxPageSize = maxPageSize;
    }

    /** Refuses a page number or size out of bounds, naming the parameter. */
    public void check(int page, int size) {
        if (page < 0) {
            throw new InvalidValueException("page", "page starts at 0");
        }
        if (size < 1 || size > maxPageSize) {
            throw new InvalidValueException("size", "size must be 1-" + maxPageSize);
        }
    }

    /**
     * The page {@code read} answers for ({@code page}, {@code size}), once {@code projection} has applied
     * {@code minPosition}.
     */
    public Mono<ResponseEntity<byte[]>> answer(
            String projection,
            int page,
            int size,
            @Nullable Long minPosition,
            ServerWebExchange exchange,
            BiFunction<Integer, Integer, Mono<?>> read) {
        check(page, size);
        return readYourWrites
                .await(projection, minPosition)
                .then(read.apply(page, size))
                .map(p -> responses.ok(p, exchange));
    }
}
