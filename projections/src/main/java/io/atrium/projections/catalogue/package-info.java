/** The catalogue read model: one row per mini-program and one per version, as MiniProgramView folds their events. */
package io.atrium.projections.catalogue;
