/** Reading the catalogue: lists, details, versions, and a mini-program as it was at an instant. */
@NullMarked
package io.atrium.query.catalogue;

import org.jspecify.annotations.NullMarked;
