package io.atrium.archfixture.sdk.runtime;

/** A stand-in for a runtime part of the SDK that the write side must not use. */
public class Sandbox {}
