package io.atrium.server.http;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same SDK tests with the manifest answered by its WebFlux route instead of the Netty one, so
 * the host signature runs as a Spring Security mechanism for every SDK request.
 */
class SdkOnWebFluxHttpTest extends SdkHttpTest {

    @DynamicPropertySource
    static void webFluxManifest(DynamicPropertyRegistry registry) {
        registry.add("atrium.sdk.netty-route", () -> "false");
        registry.add("atrium.test.data-dir-suffix", () -> "-sdk-webflux");
    }
}
