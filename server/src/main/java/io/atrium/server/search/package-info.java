/** Gives the crawler the platform's sealed packages and keys. */
package io.atrium.server.search;
