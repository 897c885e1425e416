package io.atrium.query.access;

import io.atrium.events.access.Caller;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Lets a read handler take the authenticated {@link Caller} as a parameter. */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Caller.class);
    }

    @Override
    public Mono<Object> resolveArgument(MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        return caller == null ? Mono.error(new IllegalStateException("no caller on an authenticated path")) : Mono.just(caller);
    }
}
