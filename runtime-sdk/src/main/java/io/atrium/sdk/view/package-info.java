/**
 * The view layer: FXML (a WXML-compatible template language) compiled once per page and rendered
 * against the page's data to HTML and to text; re-renders after {@code setData} answer patches that
 * touch only what changed.
 */
@NullMarked
package io.atrium.sdk.view;

import org.jspecify.annotations.NullMarked;
