package io.atrium.command.miniprogram;

import io.atrium.command.dispatch.Accepted;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.command.miniprogram.MiniProgramCommands.SetMiniProgramIcon;
import io.atrium.events.InvalidValueException;
import io.atrium.events.miniprogram.MiniProgramIcon;
import io.atrium.events.miniprogram.MiniProgramId;
import io.atrium.sdk.store.PackageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.springframework.stereotype.Component;

/**
 * Takes an uploaded image to a mini-program's icon: check it is a whole PNG or JPEG of an icon's
 * size (decoded in full, so a file whose header is right but whose pixels are not is refused, and
 * no host or browser is ever sent an image it cannot show), store it in the package store under its
 * digest, record {@link SetMiniProgramIcon}. As with packages, a refused command removes the blob
 * this call stored, so a refused icon leaves nothing behind.
 */
@Component
public class IconUploads {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final PackageStore store;
    private final CommandDispatcher dispatcher;

    public IconUploads(PackageStore store, CommandDispatcher dispatcher) {
        this.store = store;
        this.dispatcher = dispatcher;
    }

    /**
     * Stores an image {@link #inspect inspected} before and records it as the icon. Blocking: call on a
     * command thread. The inspection (a full decode) is not done here: it runs on the package builds'
     * threads, so a slow image never holds a thread every command needs.
     */
    public Accepted set(MiniProgramId miniProgramId, byte[] image, Inspected inspected, RequestContext context) {
        return BlobRecords.record(
                store,
                dispatcher,
                inspected.digest(),
                () -> new ByteArrayInputStream(image),
                MiniProgramIcon.MAX_BYTES,
                blob -> new SetMiniProgramIcon(
                        miniProgramId,
                        context.caller().tenant(),
                        context.caller().actor(),
                        MiniProgramIcon.of(
                                blob.digest(),
                                inspected.mediaType(),
                                blob.size(),
                                inspected.width(),
                                inspected.height())),
                context);
    }

    /** What the bytes turned out to be. */
    public record Inspected(String mediaType, int width, int height, String digest) {}

    /**
     * Reads the image the way a browser would have to: the type from its first bytes (never from what
     * the client said), the size from its header, then every pixel.
     *
     * @throws InvalidValueException naming {@code icon} when it is not a whole PNG or JPEG icon
     */
    public static Inspected inspect(byte[] image) {
        if (image.length == 0) {
            throw new InvalidValueException("icon", "the request has no image; send the PNG or JPEG as the body");
        }
        if (image.length > MiniProgramIcon.MAX_BYTES) {
            throw new InvalidValueException(
                    "icon",
                    "an icon is at most " + MiniProgramIcon.MAX_BYTES / 1024 + " KiB; this is " + image.length
                            + " bytes");
        }
        String mediaType;
        String format;
        if (startsWith(image, PNG)) {
            mediaType = "image/png";
            format = "png";
        } else if (startsWith(image, JPEG)) {
            mediaType = "image/jpeg";
            format = "jpeg";
            refuseProgressive(image);
        } else {
            throw new InvalidValueException("icon", "an icon is a PNG or a JPEG image; this is neither");
        }
        // In memory: ImageIO's default stream would spill to a temporary file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(image))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName(format).next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                // The limits first, from the header: a 30000 x 30000 image is refused before a pixel is decoded.
                MiniProgramIcon.checkSides(width, height);
                reader.read(0);
                return new Inspected(mediaType, width, height, digest(image));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidValueException invalid) {
                throw invalid;
            }
            throw new InvalidValueException(
                    "icon",
                    "the " + format.toUpperCase(java.util.Locale.ROOT) + " image cannot be read: "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /**
     * A progressive JPEG is decoded once per scan, and a small file can hold thousands of scans: seconds
     * of CPU for 256 KiB. Icons are small enough that nothing is lost by asking for a baseline one. The
     * frame headers are read up to the first scan; what follows is left to the decoder.
     */
    private static void refuseProgressive(byte[] jpeg) {
        int at = 2;
        while (at + 4 <= jpeg.length) {
            if ((jpeg[at] & 0xff) != 0xff) {
                return; // not a marker where one belongs: the decoder reports the damage
            }
            int marker = jpeg[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce) {
                throw new InvalidValueException(
                        "icon", "a progressive JPEG is not taken as an icon; save it as a baseline JPEG or a PNG");
            }
            if (marker == 0xda) {
                return; // the first scan: every frame header is behind us
            }
            at += 2 + (((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff));
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** The lower-case hex SHA-256 of {@code data}: an image's address in the package store. */
    private static String digest(byte[] data) {
        try {
            return java.util.HexFormat.of()
                    .formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
