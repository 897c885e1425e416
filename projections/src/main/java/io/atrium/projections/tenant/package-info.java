/** The read side's copy of every tenant's state, for nodes that run the read side without the write side. */
@NullMarked
package io.atrium.projections.tenant;

import org.jspecify.annotations.NullMarked;
