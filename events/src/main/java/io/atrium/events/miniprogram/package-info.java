/**
 * The MiniProgram event family: everything that happens to a mini-program from creation through
 * review, release (full and gray), rollback and delisting, with the ids and values it is made of.
 */
@NullMarked
package io.atrium.events.miniprogram;

import org.jspecify.annotations.NullMarked;
