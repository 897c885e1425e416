/** The server's adapters for the read side's SDK ports: platform keys and sealed-package files. */
@NullMarked
package io.atrium.server.sdk;

import org.jspecify.annotations.NullMarked;
