package io.atrium.server.sdk;

import io.atrium.command.keys.PlatformKeys;
import io.atrium.command.miniprogram.PackageSealingService;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.HostAppSecret;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.query.sdk.SdkKeys;
import io.atrium.sdk.packaging.HostDataKeys;
import io.atrium.sdk.packaging.KeyWrap;
import java.util.Base64;

/** {@link SdkKeys} from the platform's key files: derives host secrets, re-wraps data keys for hosts. */
public final class PlatformSdkKeys implements SdkKeys {

    private final PlatformKeys keys;

    public PlatformSdkKeys(PlatformKeys keys) {
        this.keys = keys;
    }

    @Override
    public String hostSecret(String hostAppId, int generation) {
        return HostAppSecret.derive(keys.masterKey(), new HostAppId(hostAppId), generation);
    }

    @Override
    public String wrapForHost(
            String platformWrappedKey, String miniProgramId, String version, String hostAppId, String hostSecret) {
        byte[] dataKey = KeyWrap.unwrap(
                keys.masterKey(),
                platformWrappedKey,
                PackageSealingService.dataKeyContext(new MiniProgramId(miniProgramId), VersionNumber.of(version)));
        return KeyWrap.wrap(
                HostDataKeys.hostKek(hostSecret, hostAppId),
                dataKey,
                HostDataKeys.context(hostAppId, miniProgramId, version));
    }

    @Override
    public String platformKeyId() {
        return keys.signingKey().keyId();
    }

    @Override
    public String platformPublicKey() {
        return Base64.getEncoder().encodeToString(keys.signingKey().publicKey().getEncoded());
    }
}
