package io.atrium.server;

import io.atrium.events.TenantId;
import io.atrium.events.apikey.ApiKeyId;
import io.atrium.events.hostapp.HostAppId;
import io.atrium.events.member.MemberId;
import io.atrium.events.miniprogram.MiniProgramId;
import org.springframework.format.FormatterRegistry;

/**
 * Turns path segments into typed ids, for every side's handlers, in one place. A segment that
 * cannot be an id is refused by the id's own check (an
 * {@link io.atrium.events.InvalidValueException}) and answered 400 naming it; a well-formed id that
 * names nothing the caller's tenant has is answered 404 by the command or query that looks it up.
 */
final class PathIds {

    private PathIds() {}

    static void register(FormatterRegistry registry) {
        registry.addConverter(String.class, MiniProgramId.class, MiniProgramId::parse);
        registry.addConverter(String.class, HostAppId.class, HostAppId::parse);
        registry.addConverter(String.class, ApiKeyId.class, ApiKeyId::parse);
        registry.addConverter(String.class, TenantId.class, TenantId::parse);
        registry.addConverter(String.class, MemberId.class, MemberId::parse);
    }
}
