/** The server's adapters for the read side's SDK ports: platform keys and sealed-package files. */
package io.atrium.server.sdk;
