/** How the read side answers failures: application/problem+json with the same stable types as the write side. */
package io.atrium.query.problem;
