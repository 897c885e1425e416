/** Reading host apps: their bundle ids, domains, custom APIs, menus, and each associated mini-program's grants. */
@NullMarked
package io.atrium.query.hostapp;

import org.jspecify.annotations.NullMarked;
