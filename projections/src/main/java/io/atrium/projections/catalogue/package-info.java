/** The catalogue read model: one row per mini-program and one per version, as MiniProgramView folds their events. */
@NullMarked
package io.atrium.projections.catalogue;

import org.jspecify.annotations.NullMarked;
