package io.atrium.server;

import io.atrium.events.access.Caller;
import io.atrium.events.access.UnauthenticatedException;
import org.springframework.core.MethodParameter;
import org.springframework.web.reactive.BindingContext;
import org.springframework.web.reactive.result.method.HandlerMethodArgumentResolver;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Lets any side's handler methods take the authenticated {@link Caller} as a parameter (whichever
 * side's filter authenticated the request put it on the exchange).
 */
public class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType().equals(Caller.class);
    }

    @Override
    public Mono<Object> resolveArgument(
            MethodParameter parameter, BindingContext bindingContext, ServerWebExchange exchange) {
        Caller caller = exchange.getAttribute(Caller.ATTRIBUTE);
        return caller == null
                ? Mono.error(new UnauthenticatedException("this endpoint needs an API key"))
                : Mono.just(caller);
    }
}
