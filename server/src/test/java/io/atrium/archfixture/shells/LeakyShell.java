package io.atrium.archfixture.shells;

import io.atrium.archfixture.command.SomeAggregate;

/** Breaks the shells rule on purpose: a host shell reaching into the write side instead of going over HTTP. */
public class LeakyShell {

    public Object peek() {
        return new SomeAggregate();
    }
}
