package io.atrium.command.member;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (BouncyCastle) in the PHC string form
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, so each hash records the parameters it was
 * made with and the configured ones can be raised later: a successful login whose hash is weaker than
 * the configuration is rehashed ({@link #needsRehash}).
 * <p>
 * This is CPU and memory work (19 MiB and tens of milliseconds a hash with the defaults): callers run
 * it on the login service's bounded scheduler, never on an event-loop thread.
 */
public final class PasswordHasher {

    private static final Pattern PHC =
            Pattern.compile("\\$argon2id\\$v=19\\$m=(\\d+),t=(\\d+),p=(\\d+)\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    /**
     * @param memoryKib   memory per hash in KiB (OWASP: 19456, i.e. 19 MiB, with t=2, p=1)
     * @param iterations  passes over the memory
     * @param parallelism lanes
     */
    public record Parameters(int memoryKib, int iterations, int parallelism) {
        public static final Parameters OWASP = new Parameters(19_456, 2, 1);

        @Override
        public String toString() {
            return "m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism;
        }

        boolean weakerThan(Parameters other) {
            return memoryKib < other.memoryKib || iterations < other.iterations || parallelism < other.parallelism;
        }
    }

    private final Parameters parameters;

    public PasswordHasher(Parameters parameters) {
        this.parameters = parameters;
    }

    public Parameters parameters() {
        return parameters;
    }

    /** A new PHC string for {@code password} with the configured parameters and a fresh salt. */
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] hash = derive(password, salt, parameters, HASH_BYTES);
        return "$argon2id$v=19$" + parameters + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    /** Whether {@code password} matches {@code phc}; a malformed hash matches nothing. Constant time in the hash. */
    public boolean verify(String password, String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            return false;
        }
        Parameters stored = new Parameters(
                Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        byte[] expected = B64D.decode(m.group(5));
        byte[] actual = derive(password, B64D.decode(m.group(4)), stored, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    /** Whether {@code phc} was made with weaker parameters than the configured ones. */
    public boolean needsRehash(String phc) {
        Matcher m = PHC.matcher(phc);
        return !m.matches()
                || new Parameters(
                                Integer.parseInt(m.group(1)),
                                Integer.parseInt(m.group(2)),
                                Integer.parseInt(m.group(3)))
                        .weakerThan(parameters);
    }

    private static byte[] derive(String password, byte[] salt, Parameters p, int length) {
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
