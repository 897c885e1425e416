/**
 * The MiniProgram aggregate: creation, details, versions and their review, full and gray release,
 * rollback, delisting. All lifecycle rules of a mini-program are enforced here.
 */
@NullMarked
package io.atrium.command.miniprogram;

import org.jspecify.annotations.NullMarked;
