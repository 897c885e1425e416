package io.atrium.projections.runner;

/**
 * The event a projection stopped on because no code can read it.
 *
 * @param position its global position in the log: what an operator confirms to skip it
 * @param type     its stored type name
 * @param error    why it could not be read
 */
public record PoisonEvent(long position, String type, String error) {}
