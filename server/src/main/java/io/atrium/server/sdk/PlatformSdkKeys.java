package io.atrium.server.sdk;

import io.atrium.command.keys.PlatformKeys;
import io.atrium.command.miniprogram.PackageSealingService;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.hostapp.HostAppSecret;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.events.miniprogram.VersionNumber;
import io.atrium.query.sdk.SdkKeys;
import io.atrium.sdk.packaging.KeyWrap;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@link SdkKeys} from the platform's key files: derives host secrets, re-wraps data keys for hosts. */
public final class PlatformSdkKeys implements SdkKeys {

    static final byte[] HOST_KEK_SALT = "atrium/host-kek/v1".getBytes(StandardCharsets.UTF_8);

    private final PlatformKeys keys;

    public PlatformSdkKeys(PlatformKeys keys) {
        this.keys = keys;
    }

    @Override
    public String hostSecret(String hostAppId, int generation) {
        return HostAppSecret.derive(keys.masterKey(), new HostAppId(hostAppId), generation);
    }

    @Override
    public String wrapForHost(String platformWrappedKey, String miniProgramId, String version, String hostAppId, String hostSecret) {
        byte[] dataKey = KeyWrap.unwrap(keys.masterKey(), platformWrappedKey,
                PackageSealingService.dataKeyContext(new MiniProgramId(miniProgramId), VersionNumber.of(version)));
        byte[] kek = hostKek(hostSecret, hostAppId);
        return KeyWrap.wrap(kek, dataKey, hostDataKeyContext(hostAppId, miniProgramId, version));
    }

    /** The key a host app's runtime unwraps its data keys with. */
    public static byte[] hostKek(String hostSecret, String hostAppId) {
        return KeyWrap.hkdf(hostSecret.getBytes(StandardCharsets.UTF_8), HOST_KEK_SALT, hostAppId, 32);
    }

    public static String hostDataKeyContext(String hostAppId, String miniProgramId, String version) {
        return "atrium/host-data-key/v1\n" + hostAppId + "\n" + miniProgramId + "\n" + version;
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
