package io.atrium.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.sdk.loader.HostSigner;
import io.atrium.sdk.packaging.HostDataKeys;
import io.atrium.sdk.packaging.KeyWrap;
import io.atrium.sdk.packaging.PackageLimits;
import io.atrium.sdk.packaging.PackageSealer;
import io.atrium.sdk.packaging.PlatformKey;
import io.atrium.sdk.packaging.Zips;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader against a platform stand-in that speaks the SDK endpoints' wire format (the real
 * platform is exercised by the server's tests): signed requests, verification before anything runs,
 * resumable downloads, and no plaintext on disk.
 */
class LoaderTest {

    static final String HOST = "host-1";
    static final String SECRET = "host-secret-for-tests";
    static final String BUNDLE = "com.example.host";
    static final String MP = "mp-loader";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    final MockWebServer server = new MockWebServer();
    final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    final PlatformKey key = PlatformKey.generate();
    byte[] sealed;
    String wrappedKey;
    String signingKeyId;
    String advertisedDigest;
    UnaryOperator<byte[]> served = b -> b;
    boolean breakFirstDownload;
    int manifestStatus = 200;
    MiniProgramSession session;

    @BeforeEach
    void start() throws Exception {
        seal(key);
        server.setDispatcher(new Dispatcher() {
            int downloads;

            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                String path = request.getPath();
                if (path.equals("/sdk/v1/platform-key")) {
                    return json(
                            200,
                            Map.of(
                                    "keyId",
                                    key.keyId(),
                                    "algorithm",
                                    "Ed25519",
                                    "publicKey",
                                    Base64.getEncoder()
                                            .encodeToString(key.publicKey().getEncoded())));
                }
                if (!signatureValid(request)) {
                    return json(401, Map.of("title", "Unauthorized", "detail", "bad signature"));
                }
                if (path.equals("/sdk/v1/manifest")) {
                    if (manifestStatus != 200) {
                        return json(
                                manifestStatus,
                                Map.of("title", "Forbidden", "detail", "this host app may not run " + MP));
                    }
                    Map<String, Object> answer = new LinkedHashMap<>();
                    answer.put("miniProgramId", MP);
                    answer.put("version", "1.0.0");
                    answer.put("grayReleaseId", null);
                    answer.put(
                            "package",
                            Map.of(
                                    "url",
                                    "/sdk/v1/packages/" + MP + "/1.0.0",
                                    "digest",
                                    advertisedDigest,
                                    "size",
                                    sealed.length));
                    answer.put("signingKeyId", signingKeyId);
                    answer.put("dataKey", wrappedKey);
                    answer.put(
                            "policy",
                            Map.of(
                                    "apiGroups",
                                    List.of("ui", "navigation", "storage"),
                                    "apis",
                                    List.of(),
                                    "menus",
                                    List.of("share"),
                                    "scopes",
                                    List.of(),
                                    "domains",
                                    List.of("api.example.com")));
                    return json(200, answer);
                }
                if (path.equals("/sdk/v1/packages/" + MP + "/1.0.0")) {
                    byte[] bytes = served.apply(sealed);
                    downloads++;
                    String range = request.getHeader("Range");
                    if (range != null) {
                        int from = Integer.parseInt(range.substring("bytes=".length(), range.length() - 1));
                        return new MockResponse()
                                .setResponseCode(206)
                                .setHeader(
                                        "Content-Range",
                                        "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length)
                                .setBody(new Buffer().write(bytes, from, bytes.length - from));
                    }
                    MockResponse response = new MockResponse().setBody(new Buffer().write(bytes));
                    if (breakFirstDownload && downloads == 1) {
                        response.setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY);
                    }
                    return response;
                }
                return new MockResponse().setResponseCode(404);
            }
        });
        server.start();
    }

    private void seal(PlatformKey signer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PackageSealer.Result result = new PackageSealer(signer, PackageLimits.DEFAULT)
                .seal(new ByteArrayInputStream(Zips.zip(RuntimeSessionTest.files())), MP, "1.0.0", out);
        sealed = out.toByteArray();
        wrappedKey = KeyWrap.wrap(
                HostDataKeys.hostKek(SECRET, HOST), result.dataKey(), HostDataKeys.context(HOST, MP, "1.0.0"));
        signingKeyId = signer.keyId();
        advertisedDigest = sha256(sealed);
    }

    private static boolean signatureValid(RecordedRequest request) {
        String timestamp = request.getHeader("X-Atrium-Timestamp");
        String nonce = request.getHeader("X-Atrium-Nonce");
        if (!HOST.equals(request.getHeader("X-Atrium-App"))
                || !BUNDLE.equals(request.getHeader("X-Atrium-Bundle-Id"))
                || timestamp == null
                || nonce == null) {
            return false;
        }
        // The bundle id is part of what is signed: the check recomputes with the one the host was built with.
        byte[] expected = new HostSigner(HOST, SECRET, BUNDLE, Clock.systemUTC())
                .sign(
                        timestamp,
                        nonce,
                        request.getMethod(),
                        request.getRequestUrl().encodedPath(),
                        request.getBody().readByteArray());
        return HexFormat.of().formatHex(expected).equals(request.getHeader("X-Atrium-Signature"));
    }

    private static MockResponse json(int status, Object body) {
        try {
            return new MockResponse()
                    .setResponseCode(status)
                    .setHeader("Content-Type", status == 200 ? "application/json" : "application/problem+json")
                    .setBody(JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @AfterEach
    void stop() throws Exception {
        if (session != null) {
            session.close();
        }
        server.shutdown();
    }

    AtriumRuntime runtime(PlatformKey pinned) {
        AtriumRuntime.Builder builder = AtriumRuntime.builder()
                .platformUrl(server.url("/").toString())
                .hostApp(HOST, SECRET, BUNDLE)
                .storageDir(dir.resolve("host"));
        if (pinned != null) {
            builder.platformKey(pinned);
        }
        return builder.build();
    }

    LaunchException launchFails(AtriumRuntime runtime) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                () -> session = runtime.launch(MP, UserAttributes.of("u1")));
        assertThat(thrown).isInstanceOf(LaunchException.class);
        return (LaunchException) thrown;
    }

    @Test
    void launchSignsItsRequestsVerifiesThePackageAndKeepsNoPlaintextOnDisk() throws Exception {
        AtriumRuntime runtime = runtime(null);
        session = runtime.launch(MP, UserAttributes.of("u1"));
        assertThat(session.version()).isEqualTo("1.0.0");
        assertThat(session.currentPage().text()).contains("nobody");
        assertThat(session.policy().menus()).containsExactly("share");
        // Open the second page too, so its files are decrypted as well.
        assertThat(session.open("pages/detail/detail?id=5")
                        .get(10, TimeUnit.SECONDS)
                        .text())
                .contains("detail 5");

        try (var files = Files.list(runtime.cacheDirectory())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly(advertisedDigest + ".sealed");
        }
        List<String> markers = List.of(
                "console.log('app.onLaunch", "onDone(e)", "detail {{id}}", "navigationBarTitleText", "Test App");
        List<Path> everything = new ArrayList<>();
        try (var walk = Files.walk(dir)) {
            walk.filter(Files::isRegularFile).forEach(everything::add);
        }
        assertThat(everything).isNotEmpty();
        for (Path file : everything) {
            String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String marker : markers) {
                assertThat(content).as("plaintext '%s' in %s", marker, file).doesNotContain(marker);
            }
        }
        // Trust on first use: the key was fetched once and is now pinned in the storage directory.
        assertThat(dir.resolve("host/platform-key.pub")).exists();
        session.close();
        int before = requests.size();
        session = runtime.launch(MP, UserAttributes.of("u1"));
        List<String> again = requests.subList(before, requests.size()).stream()
                .map(RecordedRequest::getPath)
                .toList();
        assertThat(again).containsExactly("/sdk/v1/manifest"); // cached package, pinned key
    }

    @Test
    void aBrokenDownloadResumesWithRange() throws Exception {
        breakFirstDownload = true;
        session = runtime(key).launch(MP, UserAttributes.of("u1"));
        List<RecordedRequest> downloads = requests.stream()
                .filter(r -> r.getPath().startsWith("/sdk/v1/packages/"))
                .toList();
        assertThat(downloads).hasSize(2);
        assertThat(downloads.get(0).getHeader("Range")).isNull();
        assertThat(downloads.get(1).getHeader("Range")).matches("bytes=[1-9][0-9]*-");
        assertThat(session.currentPage()).isNotNull();
    }

    @Test
    void aPackageThatDoesNotMatchItsDigestIsRefusedAndNotCached() throws Exception {
        served = bytes -> {
            byte[] copy = bytes.clone();
            copy[copy.length / 2] ^= 1;
            return copy;
        };
        LaunchException e = launchFails(runtime(key));
        assertThat(e.reason()).isEqualTo(LaunchException.Reason.TAMPERED);
        assertThat(e.getMessage()).contains("does not match its digest");
        try (var files = Files.list(dir.resolve("host/packages"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void aTamperedFileIsRefusedEvenWhenTheDigestWasForgedToo() throws Exception {
        byte[] tampered = sealed.clone();
        // Flip a byte well inside the archive (a file's ciphertext), and advertise the tampered digest.
        tampered[200] ^= 1;
        served = bytes -> tampered;
        advertisedDigest = sha256(tampered);
        LaunchException e = launchFails(runtime(key));
        assertThat(e.reason()).isIn(LaunchException.Reason.TAMPERED, LaunchException.Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).contains("does not verify");
    }

    @Test
    void aPackageSignedByAnotherKeyIsRefused() throws Exception {
        PlatformKey trusted = key;
        seal(PlatformKey.generate());
        LaunchException e = launchFails(runtime(trusted));
        assertThat(e.reason()).isEqualTo(LaunchException.Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).contains("not by the platform key this runtime trusts");

        // The same forgery claiming the trusted key's id: the signature itself fails.
        signingKeyId = trusted.keyId();
        e = launchFails(runtime(trusted));
        assertThat(e.reason()).isEqualTo(LaunchException.Reason.BAD_SIGNATURE);
        assertThat(e.getMessage()).contains("signature");
    }

    @Test
    void aRefusedManifestRequestEndsTheLaunchWithThePlatformsReason() {
        manifestStatus = 403;
        LaunchException e = launchFails(runtime(key));
        assertThat(e.reason()).isEqualTo(LaunchException.Reason.REFUSED);
        assertThat(e.getMessage()).contains("403").contains("this host app may not run " + MP);
    }

    @Test
    void aWrongSecretIsRefusedByThePlatform() {
        AtriumRuntime wrong = AtriumRuntime.builder()
                .platformUrl(server.url("/").toString())
                .hostApp(HOST, "not-the-secret", BUNDLE)
                .storageDir(dir.resolve("host"))
                .platformKey(key)
                .build();
        LaunchException e = launchFails(wrong);
        assertThat(e.reason()).isEqualTo(LaunchException.Reason.REFUSED);
        assertThat(e.getMessage()).contains("401").contains("bad signature");
    }

    @Test
    void aSealedPackageTheHostAlreadyHoldsIsVerifiedTheSameWay() {
        AtriumRuntime offline = AtriumRuntime.builder()
                .hostApp(HOST, SECRET, BUNDLE)
                .platformKey(key)
                .storageDir(dir.resolve("host"))
                .build();
        io.atrium.sdk.policy.Policy policy = io.atrium.sdk.policy.Policy.localDevelopment();
        session = offline.launchSealed(
                sealed, MP, "1.0.0", wrappedKey, policy, UserAttributes.of("u1"), LaunchOptions.defaults());
        assertThat(session.currentPage().text()).contains("nobody");
        session.close();
        byte[] tampered = sealed.clone();
        tampered[200] ^= 1;
        assertThatThrownBy(() -> offline.launchSealed(
                        tampered, MP, "1.0.0", wrappedKey, policy, UserAttributes.of("u1"), LaunchOptions.defaults()))
                .isInstanceOfSatisfying(
                        LaunchException.class,
                        e -> assertThat(e.reason())
                                .isIn(LaunchException.Reason.TAMPERED, LaunchException.Reason.BAD_SIGNATURE));
        assertThatThrownBy(() -> offline.launchSealed(
                        sealed, MP, "2.0.0", wrappedKey, policy, UserAttributes.of("u1"), LaunchOptions.defaults()))
                .isInstanceOfSatisfying(
                        LaunchException.class, e -> assertThat(e.getMessage()).contains("does not unwrap"));
        assertThat(requests).isEmpty();
    }

    @Test
    void anUnreachablePlatformIsNamed() throws Exception {
        server.shutdown();
        LaunchException e = launchFails(runtime(key));
        assertThat(e.reason()).isEqualTo(LaunchException.Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("cannot reach the platform");
    }
}
