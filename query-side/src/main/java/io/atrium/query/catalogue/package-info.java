/** Reading the catalogue: lists, details, versions, and a mini-program as it was at an instant. */
package io.atrium.query.catalogue;
