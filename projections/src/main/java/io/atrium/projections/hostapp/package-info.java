/** The host-app read model: host apps, their definitions (custom APIs, menu items), and their mini-programs with grants. */
@NullMarked
package io.atrium.projections.hostapp;

import org.jspecify.annotations.NullMarked;
