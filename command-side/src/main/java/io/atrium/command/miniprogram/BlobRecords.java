package io.atrium.command.miniprogram;

import io.atrium.command.dispatch.Accepted;
import io.atrium.command.dispatch.AtriumCommand;
import io.atrium.command.dispatch.CommandDispatcher;
import io.atrium.command.dispatch.RequestContext;
import io.atrium.sdk.store.PackageStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Stores a blob and records the command that names it, as uploads of packages and icons both do: a
 * refused command leaves no blob behind, and a recorded one never loses its blob.
 */
final class BlobRecords {

    /** The blob's content, opened when it is stored. */
    interface Content {
        InputStream open() throws IOException;
    }

    private BlobRecords() {}

    /**
     * @param digest   the content's SHA-256, known before it is stored: same-content uploads serialize on
     *                 it, so a refused one never deletes a blob another one recorded
     * @param maxBytes refuse content past this many bytes, storing nothing
     * @param command  the command naming the stored blob
     */
    static Accepted record(
            PackageStore store,
            CommandDispatcher dispatcher,
            String digest,
            Content content,
            long maxBytes,
            Function<PackageStore.StoredBlob, AtriumCommand> command,
            RequestContext context) {
        return dispatcher.withLock("blob:" + digest, () -> {
            PackageStore.StoredBlob blob;
            try (InputStream in = content.open()) {
                blob = store.put(in, maxBytes);
            }
            try {
                return dispatcher.execute(command.apply(blob), context);
            } catch (RuntimeException e) {
                // Removed only when the failure provably recorded nothing (see failuresRecordNothing): a
                // blob left over costs bytes, a blob missing under a recorded event breaks every read of it.
                if (blob.created() && dispatcher.failuresRecordNothing()) {
                    store.delete(blob.digest());
                }
                throw e;
            }
        });
    }
}
