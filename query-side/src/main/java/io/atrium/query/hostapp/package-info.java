/** Reading host apps: their bundle ids, domains, custom APIs, menus, and each associated mini-program's grants. */
package io.atrium.query.hostapp;
