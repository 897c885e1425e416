/**
 * The logic layer: each running mini-program's JavaScript in a Rhino sandbox of its own (its own
 * thread, its own global objects), with budgets on instructions, time and allocation, and nothing
 * of Java reachable.
 */
@NullMarked
package io.atrium.sdk.logic;

import org.jspecify.annotations.NullMarked;
