/** Search: the index port and its adapters, the crawler, and their wiring. */
package io.atrium.search;
