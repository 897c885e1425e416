package io.atrium.sdk;

import io.atrium.sdk.loader.HostSigner;
import io.atrium.sdk.loader.ManifestAnswer;
import io.atrium.sdk.loader.PackageCache;
import io.atrium.sdk.loader.PlatformClient;
import io.atrium.sdk.logic.SandboxLimits;
import io.atrium.sdk.packaging.HostDataKeys;
import io.atrium.sdk.packaging.OpenedPackage;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackageRejectedException;
import io.atrium.sdk.packaging.PackageValidator;
import io.atrium.sdk.packaging.PlatformKey;
import io.atrium.sdk.packaging.SealedPackageException;
import io.atrium.sdk.policy.Policy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * The runtime a host app embeds. Build one per host app with {@link #builder()}; it launches
 * mini-programs the platform resolves for a user ({@link #launch}), or local unsigned packages
 * during development when built with {@link Builder#allowUnsigned(boolean)}.
 *
 * <p>A launch asks the platform (a signed request) which version the user gets, downloads the
 * sealed package into the cache (resuming a broken download), checks the platform's signature and
 * every hash before anything runs, and decrypts files in memory only as pages open. Each running
 * mini-program has its own sandboxed thread; the host's policy, from the same manifest answer,
 * gates every API call.
 */
public final class AtriumRuntime implements AutoCloseable {

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final RuntimeConfig config;
    /** Null for a runtime that only runs local packages; set together with {@link #hostSecret}. */
    private final @Nullable String hostAppId;

    private final @Nullable String hostSecret;
    /** Null when the runtime was built without a platform URL. */
    private final @Nullable PlatformClient platform;

    private final PackageCache cache;
    private final boolean allowUnsigned;
    private final Policy localPolicy;
    /** Null until pinned by the builder or first fetched (trust on first use). */
    private volatile @Nullable PlatformKey platformKey;

    private AtriumRuntime(Builder b) {
        this.hostAppId = b.hostAppId;
        this.hostSecret = b.hostSecret;
        this.allowUnsigned = b.allowUnsigned;
        this.localPolicy = b.localPolicy;
        this.platformKey = b.platformKey;
        OkHttpClient http = b.httpClient != null
                ? b.httpClient
                : new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(10))
                        .readTimeout(Duration.ofSeconds(30))
                        .build();
        OkHttpClient requests = http.newBuilder()
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
        Map<String, Object> systemInfo = SystemInfo.defaults();
        systemInfo.putAll(b.systemInfo);
        // The host's code runs on a thread of its own, never on a mini-program's (see HostThread);
        // each session wraps ui, host APIs and listener in a lane of its own onto it.
        HostThread hostThread = new HostThread();
        Path storageDir = Objects.requireNonNull(b.storageDir, "storageDir is required (checked by build())");
        this.config = new RuntimeConfig(
                storageDir,
                b.limits,
                b.ui,
                Map.copyOf(b.hostApis),
                b.listener,
                Map.copyOf(systemInfo),
                requests,
                b.requestTimeout,
                b.maxResponseBytes,
                b.privateNetworks,
                hostThread);
        this.cache = new PackageCache(storageDir.resolve("packages"));
        // build() refuses a platform URL without the host app's id and secret, so all three are set or the URL is not.
        HttpUrl platformUrl = b.platformUrl;
        String appId = b.hostAppId;
        String secret = b.hostSecret;
        String bundleId = b.bundleId;
        this.platform = platformUrl == null || appId == null || secret == null || bundleId == null
                ? null
                : new PlatformClient(platformUrl, new HostSigner(appId, secret, bundleId, Clock.systemUTC()), http);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Launches the version of {@code miniProgramId} the platform resolves for {@code user}.
     *
     * @throws LaunchException naming the cause when the platform refuses, the package does not
     *                         verify, or the mini-program does not start
     */
    public MiniProgramSession launch(String miniProgramId, UserAttributes user, LaunchOptions options) {
        PlatformClient platform = this.platform;
        if (platform == null) {
            throw new IllegalStateException("this runtime was built without a platform URL");
        }
        if (!SAFE_ID.matcher(miniProgramId).matches()) {
            throw new IllegalArgumentException("not a mini-program id: " + miniProgramId);
        }
        // build() gives a platform client only to a runtime with the host app's id and secret.
        String appId = Objects.requireNonNull(hostAppId, "the host app id");
        ManifestAnswer answer = platform.manifest(appId, miniProgramId, user.toRequest());
        if (!miniProgramId.equals(answer.miniProgramId())) {
            throw new LaunchException(
                    LaunchException.Reason.TAMPERED, "the platform answered for " + answer.miniProgramId());
        }
        PlatformKey key = trustedKey();
        if (!key.keyId().equals(answer.signingKeyId())) {
            throw new LaunchException(
                    LaunchException.Reason.BAD_SIGNATURE,
                    "the package is signed by key " + answer.signingKeyId()
                            + ", not by the platform key this runtime trusts (" + key.keyId() + ")");
        }
        byte[] sealed = platform.sealedPackage(answer, cache);
        return launchSealed(
                sealed,
                key,
                miniProgramId,
                answer.version(),
                answer.grayReleaseId(),
                answer.wrappedDataKey(),
                Policy.fromManifest(answer.policy()),
                user,
                options);
    }

    /**
     * Launches a sealed package the host already holds (shipped with the app, or fetched earlier),
     * with the data key the platform wrapped for this host app and the policy it answered. The
     * package is verified against the platform key exactly as a download is.
     *
     * @throws LaunchException BAD_SIGNATURE or TAMPERED when it does not verify
     */
    public MiniProgramSession launchSealed(
            byte[] sealed,
            String miniProgramId,
            String version,
            String wrappedDataKey,
            Policy policy,
            UserAttributes user,
            LaunchOptions options) {
        if (hostSecret == null) {
            throw new IllegalStateException("this runtime was built without a host app secret");
        }
        return launchSealed(sealed, trustedKey(), miniProgramId, version, null, wrappedDataKey, policy, user, options);
    }

    private MiniProgramSession launchSealed(
            byte[] sealed,
            PlatformKey key,
            String miniProgramId,
            String version,
            @Nullable String grayReleaseId,
            String wrappedDataKey,
            Policy policy,
            UserAttributes user,
            LaunchOptions options) {
        // Both callers made sure of the secret: launch() through its platform client, which build() gives only
        // with the host app's id and secret; launchSealed() by checking it. hostApp() sets id and secret together.
        String secret = Objects.requireNonNull(hostSecret, "the host app secret");
        String appId = Objects.requireNonNull(hostAppId, "the host app id");
        byte[] dataKey;
        try {
            dataKey = HostDataKeys.unwrap(secret, appId, miniProgramId, version, wrappedDataKey);
        } catch (RuntimeException e) {
            throw new LaunchException(
                    LaunchException.Reason.TAMPERED, "the data key does not unwrap with this host app's secret");
        }
        OpenedPackage opened;
        try {
            opened = OpenedPackage.open(sealed, key, dataKey, miniProgramId, version);
        } catch (SealedPackageException e) {
            throw new LaunchException(
                    e.reason() == SealedPackageException.Reason.SIGNATURE_INVALID
                            ? LaunchException.Reason.BAD_SIGNATURE
                            : LaunchException.Reason.TAMPERED,
                    "the package " + miniProgramId + "@" + version + " does not verify: " + e.getMessage(),
                    e);
        }
        return start(miniProgramId, version, grayReleaseId, PackageFiles.of(opened), policy, user.userId(), options);
    }

    /**
     * Launches files that were verified elsewhere: for a process that was handed a package's
     * plaintext by the one that opened and verified it (the platform's crawl worker), so the
     * files are not sealed and checked a second time. Nothing here checks them: never pass files
     * that did not come from a verified package.
     */
    public MiniProgramSession launchVerified(
            String miniProgramId,
            String version,
            Map<String, byte[]> files,
            Policy policy,
            UserAttributes user,
            LaunchOptions options) {
        return start(miniProgramId, version, null, PackageFiles.of(Map.copyOf(files)), policy, user.userId(), options);
    }

    /**
     * Launches a package that was opened, and so verified, by the caller (the platform's own
     * crawler, which holds the data key itself).
     */
    public MiniProgramSession launchOpened(
            OpenedPackage opened, Policy policy, UserAttributes user, LaunchOptions options) {
        return start(
                opened.manifest().miniProgramId(),
                opened.manifest().version(),
                null,
                PackageFiles.of(opened),
                policy,
                user.userId(),
                options);
    }

    /** {@link #launch(String, UserAttributes, LaunchOptions)} at the entry page. */
    public MiniProgramSession launch(String miniProgramId, UserAttributes user) {
        return launch(miniProgramId, user, LaunchOptions.defaults());
    }

    /**
     * Runs a local, unsigned package (a developer's zip), validated as an upload is, under the
     * local-development policy (no network, no custom APIs) unless the builder set another.
     *
     * @throws LaunchException UNSIGNED unless the runtime was built with {@code allowUnsigned(true)}
     */
    public MiniProgramSession launchLocal(Path zip, LaunchOptions options) {
        if (!allowUnsigned) {
            throw new LaunchException(
                    LaunchException.Reason.UNSIGNED,
                    "unsigned packages are refused; build the runtime with allowUnsigned(true) for local development");
        }
        Map<String, byte[]> files = new HashMap<>();
        try {
            new PackageValidator(PackageLimits.DEFAULT).validate(zip);
            try (ZipInputStream in =
                    new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)), StandardCharsets.UTF_8)) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    if (!e.isDirectory()) {
                        files.put(e.getName(), in.readAllBytes());
                    }
                }
            }
        } catch (PackageRejectedException e) {
            throw new LaunchException(
                    LaunchException.Reason.INVALID_PACKAGE, zip + " is not a valid package: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new LaunchException(
                    LaunchException.Reason.INVALID_PACKAGE, "cannot read " + zip + ": " + e.getMessage(), e);
        }
        String name = zip.getFileName().toString().replaceAll("\\.zip$", "").replaceAll("[^A-Za-z0-9_-]", "-");
        String id = "local-" + (name.isEmpty() ? "package" : name.substring(0, Math.min(name.length(), 50)));
        return start(id, "local", null, PackageFiles.of(files), localPolicy, "local", options);
    }

    /** Package-private so tests can launch from files of their own (to see what is read, and when). */
    MiniProgramSession start(
            String miniProgramId,
            String version,
            @Nullable String grayReleaseId,
            PackageFiles files,
            Policy policy,
            String userId,
            LaunchOptions options) {
        Path storage = config.storageDir()
                .resolve("storage")
                .resolve(miniProgramId)
                .resolve(sha256(userId).substring(0, 32) + ".json");
        RunningSession session =
                new RunningSession(config, miniProgramId, version, grayReleaseId, files, policy, storage);
        session.start(options);
        return session;
    }

    /** The platform key: as pinned by the builder, or as first fetched and then kept in the storage directory. */
    private PlatformKey trustedKey() {
        PlatformKey key = platformKey;
        if (key != null) {
            return key;
        }
        PlatformClient platform = this.platform;
        if (platform == null) {
            throw new IllegalStateException(
                    "pin the platform key (Builder.platformKey) or give a platform URL to fetch it from");
        }
        synchronized (this) {
            key = platformKey;
            if (key == null) {
                Path pinned = config.storageDir().resolve("platform-key.pub");
                try {
                    if (Files.exists(pinned)) {
                        key = PlatformKey.publicOnly(Base64.getDecoder()
                                .decode(Files.readString(pinned).trim()));
                    } else {
                        PlatformKey fetched = platform.platformKey();
                        Files.createDirectories(pinned.getParent());
                        Files.writeString(
                                pinned,
                                Base64.getEncoder()
                                        .encodeToString(fetched.publicKey().getEncoded()));
                        key = fetched;
                    }
                    platformKey = key;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot keep the platform key in " + pinned, e);
                }
            }
            return key;
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The directory sealed packages are cached in (encrypted only). */
    public Path cacheDirectory() {
        return cache.dir();
    }

    @Override
    public void close() {
        config.requestClient().dispatcher().executorService().shutdown();
        config.hostThread().close();
    }

    /** Builds an {@link AtriumRuntime}. */
    public static final class Builder {
        private @Nullable HttpUrl platformUrl;
        private @Nullable String hostAppId;
        private @Nullable String hostSecret;
        private @Nullable String bundleId;
        private @Nullable Path storageDir;
        private @Nullable PlatformKey platformKey;
        private SandboxLimits limits = SandboxLimits.DEFAULT;
        private HostUi ui = new HostUi() {};
        private RuntimeListener listener = new RuntimeListener() {};
        private final Map<String, HostApiHandler> hostApis = new HashMap<>();
        private final Map<String, Object> systemInfo = new HashMap<>();
        private @Nullable OkHttpClient httpClient;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private long maxResponseBytes = 1 << 20;
        private boolean allowUnsigned;
        private boolean privateNetworks;
        private Policy localPolicy = Policy.localDevelopment();

        private Builder() {}

        /** The platform, e.g. {@code https://atrium.example.com}. */
        public Builder platformUrl(String url) {
            HttpUrl parsed = HttpUrl.parse(url);
            if (parsed == null) {
                throw new IllegalArgumentException("not an http(s) URL: " + url);
            }
            this.platformUrl = parsed;
            return this;
        }

        /**
         * The host app's id, the signing secret the platform answered when it was registered (or last
         * rotated), and this app's own bundle id / package name, one of those registered for the host app:
         * every platform request names it in {@code X-Atrium-Bundle-Id} and signs it.
         */
        public Builder hostApp(String id, String secret, String bundleId) {
            this.hostAppId = Objects.requireNonNull(id, "hostAppId");
            this.hostSecret = Objects.requireNonNull(secret, "secret");
            this.bundleId = Objects.requireNonNull(bundleId, "bundleId");
            return this;
        }

        /** Where the runtime keeps the package cache (sealed packages only), storage and the pinned platform key. */
        public Builder storageDir(Path dir) {
            this.storageDir = dir;
            return this;
        }

        /** Pins the platform's verifying key; without it the key is fetched once and then kept (trust on first use). */
        public Builder platformKey(PlatformKey key) {
            this.platformKey = key;
            return this;
        }

        public Builder limits(SandboxLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        public Builder ui(HostUi ui) {
            this.ui = Objects.requireNonNull(ui);
            return this;
        }

        public Builder listener(RuntimeListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** A custom host API; mini-programs reach it only when the policy grants it. */
        public Builder hostApi(String name, HostApiHandler handler) {
            hostApis.put(name, handler);
            return this;
        }

        /** Facts {@code getSystemInfoSync} answers, over the runtime's defaults. */
        public Builder systemInfo(Map<String, Object> info) {
            systemInfo.putAll(info);
            return this;
        }

        /** The OkHttp client for the platform and for {@code ft.request} (e.g. with the host's TLS setup). */
        public Builder httpClient(OkHttpClient client) {
            this.httpClient = client;
            return this;
        }

        /** The longest an {@code ft.request} may take, and the largest response body it accepts. */
        public Builder requestLimits(Duration timeout, long maxResponseBytes) {
            this.requestTimeout = timeout;
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /**
         * Lets {@code ft.request} reach hosts whose names resolve to loopback, link-local, private or
         * other non-public addresses. Off by default: a permitted domain that resolves into the host's
         * own network (a DNS rebinding, or an internal name) is refused.
         */
        public Builder allowPrivateNetworks(boolean allow) {
            this.privateNetworks = allow;
            return this;
        }

        /** Allows {@link #launchLocal} (development only: unsigned packages are not verified). */
        public Builder allowUnsigned(boolean allow) {
            this.allowUnsigned = allow;
            return this;
        }

        /** The policy local packages run under; by default {@link Policy#localDevelopment()}. */
        public Builder localPolicy(Policy policy) {
            this.localPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public AtriumRuntime build() {
            if (storageDir == null) {
                throw new IllegalStateException("storageDir is required");
            }
            if (platformUrl != null && (hostAppId == null || hostSecret == null || bundleId == null)) {
                throw new IllegalStateException("a platform URL needs the host app's id, secret and bundle id");
            }
            return new AtriumRuntime(this);
        }
    }
}
