package io.atrium.events.miniprogram;

import io.atrium.events.EventUpcaster;
import java.util.Map;

/**
 * {@link VersionUploaded} revision 1 to 2: {@code packageSize} became {@code packageBytes}, so the
 * unit is in the name as it is everywhere else a size in bytes is configured or reported
 * ({@code maxUploadBytes}, {@code maxTotalBytes}, {@code maxEntryBytes}).
 */
public final class VersionUploadedRevision1 implements EventUpcaster {

    @Override
    public String eventName() {
        return "atrium.miniprogram.VersionUploaded";
    }

    @Override
    public int fromRevision() {
        return 1;
    }

    @Override
    public Map<String, Object> upcast(Map<String, Object> payload) {
        payload.put("packageBytes", payload.remove("packageSize"));
        return payload;
    }
}
