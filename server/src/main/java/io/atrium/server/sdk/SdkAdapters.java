package io.atrium.server.sdk;

import io.atrium.command.keys.FilePlatformKeys;
import io.atrium.query.sdk.SdkKeys;
import io.atrium.query.sdk.SealedPackages;
import io.atrium.sdk.store.FileSystemPackageStore;
import io.atrium.server.Roles;
import java.io.IOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Gives the read side's SDK endpoints the platform keys and the sealed packages, from the same data
 * folder the write side uses (in a cluster: the shared keys and packages volume).
 */
@Configuration(proxyBeanMethods = false)
// Scanned with the application's package, so it carries its role's condition itself.
@Conditional(Roles.QueryRole.class)
public class SdkAdapters {

    @Bean
    SdkKeys sdkKeys(@Value("${atrium.data-dir:./data}") Path dataDir) throws IOException {
        return new PlatformSdkKeys(
                new FilePlatformKeys(dataDir.toAbsolutePath().normalize().resolve("keys")));
    }

    /**
     * The package store, opened once for both reads: a version's uploaded package and its sealed one
     * are blobs of the same store. (Not a PackageStore bean: the write side injects its own by type.)
     */
    @Bean
    io.atrium.query.catalogue.StoredPackages storedPackages(@Value("${atrium.data-dir:./data}") Path dataDir)
            throws IOException {
        FileSystemPackageStore store =
                new FileSystemPackageStore(dataDir.toAbsolutePath().normalize().resolve("packages"));
        return store::locate;
    }

    @Bean
    SealedPackages sealedPackages(io.atrium.query.catalogue.StoredPackages stored) {
        return stored::locate;
    }
}
