package io.atrium.sdk;

import io.atrium.sdk.logic.SandboxLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * What every session of one runtime shares.
 *
 * @param storageDir       where storage and the package cache live
 * @param limits           the sandbox's budgets and quotas
 * @param ui               the host's UI
 * @param hostApis         the host's custom APIs, by name
 * @param listener         what the host hears
 * @param systemInfo       what {@code getSystemInfoSync} answers
 * @param requestClient    the client {@code ft.request} goes through (no redirects followed)
 * @param requestTimeout   the longest an {@code ft.request} may take
 * @param maxResponseBytes the largest response body {@code ft.request} accepts
 * @param privateNetworks  whether {@code ft.request} may reach loopback, link-local and private addresses
 * @param hostThread       the thread the host's code (ui, hostApis, listener) runs on, through each session's lane
 */
record RuntimeConfig(
        Path storageDir,
        SandboxLimits limits,
        HostUi ui,
        Map<String, HostApiHandler> hostApis,
        RuntimeListener listener,
        Map<String, Object> systemInfo,
        OkHttpClient requestClient,
        Duration requestTimeout,
        long maxResponseBytes,
        boolean privateNetworks,
        HostThread hostThread) {}
