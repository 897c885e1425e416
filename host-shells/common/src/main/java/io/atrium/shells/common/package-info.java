/** What the host shells share: their launch arguments, and launching from them. */
package io.atrium.shells.common;
