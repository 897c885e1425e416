package io.atrium.sdk;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The host's own UI, which built-in APIs reach: toasts, modals, the navigation bar, and login.
 * Calls come from a mini-program's thread; answer quickly or asynchronously. Every method has a
 * default, so a host implements only what it shows.
 */
public interface HostUi {

    /** {@code ft.showToast}. */
    default void showToast(String miniProgramId, Toast toast) {}

    /** {@code ft.showModal}: completes with true when the user confirmed. */
    default CompletionStage<Boolean> showModal(String miniProgramId, Modal modal) {
        return CompletableFuture.completedFuture(Boolean.TRUE);
    }

    /** {@code ft.setNavigationBarTitle}, and each page's configured title when it opens. */
    default void setNavigationBarTitle(String miniProgramId, String title) {}

    /** {@code ft.login}: completes with a one-time code the mini-program's backend exchanges with the host's. */
    default CompletionStage<String> login(String miniProgramId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this host does not support login"));
    }

    /**
     * A toast.
     *
     * @param title      its text
     * @param icon       {@code success}, {@code error}, {@code loading} or {@code none}
     * @param durationMs how long it shows
     */
    record Toast(String title, String icon, long durationMs) {}

    /**
     * A modal dialog.
     *
     * @param title       its title
     * @param content     its text
     * @param showCancel  whether it has a cancel button
     * @param confirmText the confirm button's text
     * @param cancelText  the cancel button's text
     */
    record Modal(String title, String content, boolean showCancel, String confirmText, String cancelText) {}
}
