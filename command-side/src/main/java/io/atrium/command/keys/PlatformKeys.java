package io.atrium.command.keys;

import io.atrium.sdk.packaging.PlatformKey;

/** The platform's secrets the write side needs. */
public interface PlatformKeys {

    /** The Ed25519 key that signs sealed-package manifests. */
    PlatformKey signingKey();

    /** The 32-byte master key: wraps data keys, derives host-app secrets. */
    byte[] masterKey();
}
