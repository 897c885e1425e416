package io.atrium.sdk;

import io.atrium.sdk.policy.Policy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One running mini-program: its page stack, the current page's render, and the view events the
 * host sends it. Every event method completes after the logic layer has handled the event and the
 * work it queued (navigation, {@code setData}) is done, with the page then current.
 *
 * <p>The host's own code (its listener, UI and host API handlers) runs on the runtime's host thread.
 * An event method called from any other thread also waits until that thread has delivered the calls
 * the event caused (a toast, a host API's answer), so the page it answers already shows them. Called
 * from the host thread itself (a host handler that taps), it cannot wait for them, since they run only
 * once the caller returns: it answers without them, and they follow in order. The answers complete on
 * neither the host thread nor the mini-program's.
 */
public interface MiniProgramSession extends AutoCloseable {

    String miniProgramId();

    /** The version running. */
    String version();

    /** The gray release this user falls in, or null for the full release (or a local package). */
    @Nullable
    String grayReleaseId();

    /** The host's policy for this mini-program. */
    Policy policy();

    /** The page on top of the stack, as last rendered. */
    PageView currentPage();

    /** The paths of the open pages, bottom first. */
    List<String> pageStack();

    /** A tap on the element with this id (or at this child-index path, {@code 0.2}). */
    CompletableFuture<PageView> tap(String elementId);

    /** Text typed into the element with this id. */
    CompletableFuture<PageView> input(String elementId, String value);

    /** Opens a page ({@code pages/about/about?x=1}), as {@code navigateTo} does. */
    CompletableFuture<PageView> open(String url);

    /** Closes every page and opens this one ({@code pages/a/a?x=1}), as {@code reLaunch} does. */
    CompletableFuture<PageView> relaunch(String url);

    /** Closes the top page, as {@code navigateBack} does. */
    CompletableFuture<PageView> back();

    /** Whether the mini-program was stopped (closed, or killed after breaking a limit). */
    boolean isClosed();

    /** Unloads every page and stops the mini-program's thread. */
    @Override
    void close();
}
