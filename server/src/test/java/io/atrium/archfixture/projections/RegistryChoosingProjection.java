package io.atrium.archfixture.projections;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** A stand-in for a module class that breaks a rule on purpose: it picks the metrics registry itself. */
public class RegistryChoosingProjection {
    PrometheusMeterRegistry registry;
}
