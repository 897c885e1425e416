/** How the read side answers failures: application/problem+json with the same stable types as the write side. */
@NullMarked
package io.atrium.query.problem;

import org.jspecify.annotations.NullMarked;
