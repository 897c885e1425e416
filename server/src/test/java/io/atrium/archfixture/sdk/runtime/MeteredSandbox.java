package io.atrium.archfixture.sdk.runtime;

import io.micrometer.core.instrument.Counter;

/** A stand-in for an SDK class that breaks a rule on purpose: hosts would carry Micrometer with it. */
public class MeteredSandbox {
    Counter violations;
}
