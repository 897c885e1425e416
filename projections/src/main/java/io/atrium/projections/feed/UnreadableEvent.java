package io.atrium.projections.feed;

import io.atrium.events.AtriumEvent;

/**
 * Stands in the feed for a stored event no code can read (a poison event): its type is unknown, or
 * its payload does not deserialize. It carries what the log knows of it, so the projection runner can
 * stop on it and report it instead of failing its batch forever. Projections never see it.
 *
 * @param type  the stored type name, as far as it is known
 * @param error why it could not be read
 */
public record UnreadableEvent(String aggregateId, String type, String error) implements AtriumEvent {}
