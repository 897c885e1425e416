package io.atrium.sdk.packaging;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds zips for tests, well formed and hostile. */
public final class Zips {

    private Zips() {}

    /** A small valid mini-program: two pages. */
    private static final long FIXED_TIME =
            java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    public static Map<String, byte[]> sampleFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(
                "app.json",
                "{\"pages\":[\"pages/index/index\",\"pages/about/about\"],\"window\":{\"navigationBarTitleText\":\"Demo\"}}"
                        .getBytes(StandardCharsets.UTF_8));
        files.put("app.js", "App({ onLaunch() {} })".getBytes(StandardCharsets.UTF_8));
        files.put("app.ftss", ".page { color: #333; }".getBytes(StandardCharsets.UTF_8));
        files.put(
                "pages/index/index.fxml",
                "<view class=\"page\"><text>{{ title }}</text><button bindtap=\"tap\">Go</button></view>"
                        .getBytes(StandardCharsets.UTF_8));
        files.put(
                "pages/index/index.js",
                "Page({ data: { title: 'Hello' }, tap() { this.setData({ title: 'Tapped' }) } })"
                        .getBytes(StandardCharsets.UTF_8));
        files.put(
                "pages/about/about.wxml", "<view ft:if=\"{{ a < 3 }}\">About</view>".getBytes(StandardCharsets.UTF_8));
        files.put("pages/about/about.js", "Page({})".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** A zip of text files (UTF-8), in the map's order. */
    public static byte[] zipText(Map<String, String> files) {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        files.forEach((path, text) -> bytes.put(path, text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return zip(bytes);
    }

    public static byte[] zip(Map<String, byte[]> files) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(bytes)) {
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    // A fixed time: the same files make the same bytes, as a client retrying an upload sends.
                    entry.setTime(FIXED_TIME);
                    out.putNextEntry(entry);
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sample() {
        return zip(sampleFiles());
    }

    public static byte[] with(String path, byte[] content) {
        Map<String, byte[]> files = sampleFiles();
        files.put(path, content);
        return zip(files);
    }

    public static byte[] without(String path) {
        Map<String, byte[]> files = sampleFiles();
        files.remove(path);
        return zip(files);
    }

    /** Marks the central-directory record of {@code name} as a Unix symbolic link. */
    public static byte[] withSymlink(byte[] zip, String name) {
        byte[] copy = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p + 46 < copy.length; p++) {
            if (b.getInt(p) == 0x02014b50) {
                int nameLength = Short.toUnsignedInt(b.getShort(p + 28));
                if (nameLength == wanted.length
                        && java.util.Arrays.equals(copy, p + 46, p + 46 + nameLength, wanted, 0, nameLength)) {
                    b.putShort(p + 4, (short) ((3 << 8) | 20));
                    b.putInt(p + 38, 0120777 << 16);
                    return copy;
                }
            }
        }
        throw new IllegalArgumentException("no central entry " + name);
    }

    /** Renames an entry in the central directory only, so local headers and directory disagree. */
    public static byte[] withCentralName(byte[] zip, String name, String replacement) {
        byte[] copy = zip.clone();
        ByteBuffer b = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int p = 0; p + 46 < copy.length; p++) {
            if (b.getInt(p) == 0x02014b50
                    && Short.toUnsignedInt(b.getShort(p + 28)) == wanted.length
                    && java.util.Arrays.equals(copy, p + 46, p + 46 + wanted.length, wanted, 0, wanted.length)) {
                System.arraycopy(replacement.getBytes(StandardCharsets.UTF_8), 0, copy, p + 46, wanted.length);
                return copy;
            }
        }
        throw new IllegalArgumentException("no central entry " + name);
    }

    /**
     * A zip whose headers claim {@code app.js} is 10 bytes while it inflates to {@code actual} bytes:
     * the data descriptor and the central directory both carry the lie.
     */
    public static byte[] lyingAboutSize(int actual) {
        Map<String, byte[]> files = sampleFiles();
        byte[] noise = new byte[actual];
        new java.util.Random(5).nextBytes(noise);
        // Incompressible text, so only the size lie (not the compression ratio) can give it away.
        String text = "//" + java.util.Base64.getEncoder().encodeToString(noise);
        files.put("app.js", text.substring(0, actual).getBytes(StandardCharsets.UTF_8));
        byte[] zip = zip(files);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        byte[] wanted = "app.js".getBytes(StandardCharsets.UTF_8);
        boolean inEntry = false;
        for (int p = 0; p + 30 < zip.length; p++) {
            int sig = b.getInt(p);
            if (sig == 0x04034b50) {
                inEntry = Short.toUnsignedInt(b.getShort(p + 26)) == wanted.length
                        && java.util.Arrays.equals(zip, p + 30, p + 30 + wanted.length, wanted, 0, wanted.length);
            } else if (sig == 0x08074b50 && inEntry) {
                b.putInt(p + 12, 10);
                inEntry = false;
            } else if (sig == 0x02014b50
                    && p + 46 < zip.length
                    && Short.toUnsignedInt(b.getShort(p + 28)) == wanted.length
                    && java.util.Arrays.equals(zip, p + 46, p + 46 + wanted.length, wanted, 0, wanted.length)) {
                b.putInt(p + 24, 10);
            }
        }
        return zip;
    }
}
