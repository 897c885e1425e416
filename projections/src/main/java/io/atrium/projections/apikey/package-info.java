/** API keys as the query side authenticates them. */
package io.atrium.projections.apikey;
