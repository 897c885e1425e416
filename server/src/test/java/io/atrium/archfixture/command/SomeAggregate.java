package io.atrium.archfixture.command;

import io.atrium.archfixture.sdk.runtime.Sandbox;

/** A stand-in for a write-side class that breaks a rule on purpose: it uses the SDK beyond its package format. */
public class SomeAggregate {
    Sandbox sandbox;
}
