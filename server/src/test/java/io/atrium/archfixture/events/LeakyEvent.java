package io.atrium.archfixture.events;

import io.atrium.archfixture.command.SomeAggregate;

/** Breaks the rules on purpose: the published language reaching into the write side and Spring. */
public record LeakyEvent(SomeAggregate aggregate, org.springframework.context.ApplicationContext context) {}
