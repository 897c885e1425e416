package io.atrium.sdk.packaging;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader of a zip's central directory: the part a streaming reader never sees, and the
 * only place a zip records Unix file modes (so the only place a symbolic link shows). Reads just
 * the tail of the file, bounded by the package limits.
 */
final class CentralDirectory {

    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int CEN_SIGNATURE = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xffff;

    record Entry(String name, boolean encrypted, boolean symlink) {}

    private CentralDirectory() {}

    static List<Entry> read(Path zip, PackageLimits limits) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < EOCD_SIZE) {
                throw new PackageRejectedException(PackageRule.NOT_A_ZIP, null, "too short to be a zip");
            }
            int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
            ByteBuffer tail = readAt(channel, size - tailLength, tailLength);
            int eocd = -1;
            for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
                if (tail.getInt(i) == EOCD_SIGNATURE) {
                    eocd = i;
                    break;
                }
            }
            if (eocd < 0) {
                throw new PackageRejectedException(PackageRule.NOT_A_ZIP, null, "no end-of-central-directory record");
            }
            int entries = Short.toUnsignedInt(tail.getShort(eocd + 10));
            long cdSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
            long cdOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
            if (entries == 0xffff || cdSize == 0xffffffffL || cdOffset == 0xffffffffL) {
                throw new PackageRejectedException(PackageRule.NOT_A_ZIP, null, "zip64 archives are not accepted");
            }
            if (entries > limits.maxEntries()) {
                throw new PackageRejectedException(
                        PackageRule.TOO_MANY_ENTRIES, null, entries + " entries, at most " + limits.maxEntries());
            }
            if (cdOffset + cdSize > size || cdSize > (long) entries * (46 + 0xffff * 3L)) {
                throw new PackageRejectedException(
                        PackageRule.INCONSISTENT_ZIP, null, "central directory lies outside the file");
            }
            ByteBuffer cd = readAt(channel, cdOffset, (int) cdSize);
            List<Entry> result = new ArrayList<>(entries);
            int p = 0;
            for (int k = 0; k < entries; k++) {
                if (p + 46 > cdSize || cd.getInt(p) != CEN_SIGNATURE) {
                    throw new PackageRejectedException(
                            PackageRule.INCONSISTENT_ZIP, null, "central directory entry " + k + " is malformed");
                }
                int madeBy = Short.toUnsignedInt(cd.getShort(p + 4)) >>> 8;
                int flags = Short.toUnsignedInt(cd.getShort(p + 8));
                int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
                int extraLength = Short.toUnsignedInt(cd.getShort(p + 30));
                int commentLength = Short.toUnsignedInt(cd.getShort(p + 32));
                long external = Integer.toUnsignedLong(cd.getInt(p + 38));
                if (p + 46 + nameLength > cdSize) {
                    throw new PackageRejectedException(
                            PackageRule.INCONSISTENT_ZIP, null, "central directory entry " + k + " is truncated");
                }
                byte[] name = new byte[nameLength];
                cd.get(p + 46, name);
                int unixMode = (int) (external >>> 16);
                boolean symlink = madeBy == 3 && (unixMode & 0xF000) == 0xA000;
                result.add(new Entry(new String(name, StandardCharsets.UTF_8), (flags & 1) != 0, symlink));
                p += 46 + nameLength + extraLength + commentLength;
            }
            return result;
        }
    }

    private static ByteBuffer readAt(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new PackageRejectedException(PackageRule.NOT_A_ZIP, null, "unexpected end of file");
            }
        }
        return buffer.flip();
    }
}
