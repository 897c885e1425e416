package io.atrium.server.search;

import io.atrium.command.keys.FilePlatformKeys;
import io.atrium.command.keys.PlatformKeys;
import io.atrium.command.miniprogram.PackageSealingService;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.sdk.packaging.KeyWrap;
import io.atrium.sdk.packaging.OpenedPackage;
import io.atrium.sdk.store.FileSystemPackageStore;
import io.atrium.search.crawler.SealedVersions;
import io.atrium.server.Roles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** {@link SealedVersions} from the data folder the write side seals into: the package store and the platform's keys. */
@Configuration(proxyBeanMethods = false)
// Scanned with the application's package, so it carries its role's condition itself.
@Conditional(Roles.ProjectionsRole.class)
public class SearchAdapters {

    @Bean
    SealedVersions sealedVersions(@Value("${atrium.data-dir:./data}") Path dataDir) throws IOException {
        Path root = dataDir.toAbsolutePath().normalize();
        PlatformKeys keys = new FilePlatformKeys(root.resolve("keys"));
        FileSystemPackageStore store = new FileSystemPackageStore(root.resolve("packages"));
        return (miniProgramId, version, digest, wrappedDataKey) -> {
            byte[] dataKey = KeyWrap.unwrap(
                    keys.masterKey(),
                    wrappedDataKey,
                    PackageSealingService.dataKeyContext(new MiniProgramId(miniProgramId), VersionNumber.of(version)));
            try (InputStream in = store.open(digest)) {
                return OpenedPackage.open(in.readAllBytes(), keys.signingKey(), dataKey, miniProgramId, version);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the sealed package " + digest, e);
            }
        };
    }
}
