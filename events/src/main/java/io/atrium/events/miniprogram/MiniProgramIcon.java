package io.atrium.events.miniprogram;

import io.atrium.events.InvalidValueException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A mini-program's icon as the catalogue records it: the blob holding the image (addressed by the
 * SHA-256 of its bytes, in the package store) and what was read from the image when it was set. The
 * constructor checks nothing, so history written under older limits still reads; {@link #of} checks
 * today's limits and is what commands build an icon with. The image itself is checked where its bytes
 * are (the upload); this only checks that the facts about it are sane.
 *
 * @param digest    lower-case hex SHA-256 of the image's bytes
 * @param mediaType {@code image/png} or {@code image/jpeg}
 * @param bytes     the image's size
 * @param width     pixels
 * @param height    pixels
 */
public record MiniProgramIcon(String digest, String mediaType, long bytes, int width, int height) {

    /** What WeChat's own console takes for an icon, and what every browser and host can show. */
    public static final Set<String> MEDIA_TYPES = Set.of("image/png", "image/jpeg");
    /** WeChat asks for 144 x 144; smaller icons look blurred in a host's list, larger ones only cost bytes. */
    public static final int MIN_SIDE = 64;

    public static final int MAX_SIDE = 1024;
    /** Enough for a 1024 x 1024 PNG of a flat logo or a good JPEG; a photo-sized file is a mistake. */
    public static final long MAX_BYTES = 256 * 1024;

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    /** An icon from input, checked against today's limits. */
    public static MiniProgramIcon of(String digest, String mediaType, long bytes, int width, int height) {
        if (digest == null || !DIGEST.matcher(digest).matches()) {
            throw new InvalidValueException("icon", "the icon's digest is not a lower-case hex SHA-256");
        }
        if (!MEDIA_TYPES.contains(mediaType)) {
            throw new InvalidValueException("icon", "an icon is a PNG or a JPEG image, not " + mediaType);
        }
        if (bytes <= 0 || bytes > MAX_BYTES) {
            throw new InvalidValueException(
                    "icon", "an icon is at most " + MAX_BYTES / 1024 + " KiB; this is " + bytes + " bytes");
        }
        checkSides(width, height);
        return new MiniProgramIcon(digest, mediaType, bytes, width, height);
    }

    /** An icon is square, {@value #MIN_SIDE} to {@value #MAX_SIDE} pixels a side. */
    public static void checkSides(int width, int height) {
        if (width != height) {
            throw new InvalidValueException("icon", "an icon is square; this is " + width + " x " + height + " pixels");
        }
        if (width < MIN_SIDE || width > MAX_SIDE) {
            throw new InvalidValueException(
                    "icon",
                    "an icon is " + MIN_SIDE + " to " + MAX_SIDE + " pixels a side; this is " + width + " pixels");
        }
    }
}
