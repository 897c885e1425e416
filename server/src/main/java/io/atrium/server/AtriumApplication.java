package io.atrium.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Starts Atrium. */
@SpringBootApplication
@Import(Roles.Configurations.class)
public class AtriumApplication {

    public static void main(String[] args) {
        // Axon's update checker would report to AxonIQ's servers; a self-hosted platform must not phone home.
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(AtriumApplication.class, args);
    }
}
