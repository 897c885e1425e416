package io.atrium.query.readmodel;

import java.util.List;

/**
 * One page of a list.
 *
 * @param page  0-based
 * @param total how many items match, over all pages
 */
public record Page<T>(List<T> items, int page, int size, long total) {}
