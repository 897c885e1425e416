package io.atrium.sdk;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The host's own UI, which built-in APIs reach: toasts, modals, action sheets, the navigation bar,
 * the tab bar, the user's identity and login, the clipboard and the network's state. Calls come
 * from the runtime's host thread; answer quickly or asynchronously. Every method has a default, so a
 * host implements only what it shows: an answer a host does not give fails to the mini-program as
 * {@code "<api>:fail not supported"}, the way WeChat reports an API a client does not have.
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

    /** {@code wx.hideToast} and {@code wx.hideLoading}: whatever toast or loading indicator shows goes. */
    default void hideToast(String miniProgramId) {}

    /**
     * {@code wx.showActionSheet}: completes with the index of the item the user chose, or -1 when
     * they cancelled (a host without a sheet cancels).
     */
    default CompletionStage<Integer> showActionSheet(String miniProgramId, ActionSheet sheet) {
        return CompletableFuture.completedFuture(-1);
    }

    /** {@code wx.setNavigationBarColor}. */
    default void setNavigationBarColor(String miniProgramId, BarColor color) {}

    /** {@code wx.showNavigationBarLoading} (true) and {@code wx.hideNavigationBarLoading} (false). */
    default void setNavigationBarLoading(String miniProgramId, boolean loading) {}

    /** The tab bar APIs ({@code setTabBarBadge}, {@code showTabBarRedDot}, {@code hideTabBar} ...). */
    default void updateTabBar(String miniProgramId, TabBarChange change) {}

    /**
     * {@code wx.getUserInfo} and {@code wx.getUserProfile}: what the host shares of its signed-in
     * user with this mini-program (WeChat itself answers an anonymous profile nowadays).
     */
    default CompletionStage<UserInfo> userInfo(String miniProgramId) {
        return notSupported();
    }

    /** {@code wx.checkSession}: completes with whether the session of the last {@link #login} is still valid. */
    default CompletionStage<Boolean> checkSession(String miniProgramId) {
        return notSupported();
    }

    /** {@code wx.setClipboardData}. */
    default CompletionStage<Void> setClipboardData(String miniProgramId, String text) {
        return notSupported();
    }

    /** {@code wx.getClipboardData}. */
    default CompletionStage<String> getClipboardData(String miniProgramId) {
        return notSupported();
    }

    /** {@code wx.getNetworkType}: {@code wifi}, {@code 2g} ... {@code 5g}, {@code unknown} or {@code none}. */
    default CompletionStage<String> networkType(String miniProgramId) {
        return CompletableFuture.completedFuture("unknown");
    }

    /** {@code wx.vibrateShort} ({@code short}) and {@code wx.vibrateLong} ({@code long}). */
    default void vibrate(String miniProgramId, String kind) {}

    /**
     * The failure every default above answers with when the host does not provide it: the
     * mini-program reads {@code "<api>:fail not supported"}.
     */
    static <T> CompletionStage<T> notSupported() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("not supported"));
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

    /**
     * An action sheet.
     *
     * @param items     the choices, at most six
     * @param itemColor their text colour
     */
    record ActionSheet(List<String> items, String itemColor) {
        public ActionSheet {
            items = List.copyOf(items);
        }
    }

    /**
     * The navigation bar's colours.
     *
     * @param frontColor      {@code #ffffff} or {@code #000000}, as WeChat allows
     * @param backgroundColor any colour
     */
    record BarColor(String frontColor, String backgroundColor) {}

    /**
     * A user's public profile, in WeChat's field names.
     *
     * @param nickName  the name shown
     * @param avatarUrl the picture's URL, or empty
     * @param gender    0 unknown, 1 male, 2 female
     * @param country   may be empty
     * @param province  may be empty
     * @param city      may be empty
     * @param language  {@code en}, {@code zh_CN} ...
     */
    record UserInfo(
            String nickName,
            String avatarUrl,
            int gender,
            String country,
            String province,
            String city,
            String language) {}

    /** One change to the tab bar, index by index as {@code app.json}'s {@code tabBar.list} orders it. */
    sealed interface TabBarChange {

        /** A badge on an item; {@code text} null removes it. */
        record Badge(int index, @Nullable String text) implements TabBarChange {}

        /** The red dot on an item, shown or hidden. */
        record RedDot(int index, boolean shown) implements TabBarChange {}

        /** An item's text or icons; a null field stays as it is. */
        record Item(
                int index,
                @Nullable String text,
                @Nullable String iconPath,
                @Nullable String selectedIconPath) implements TabBarChange {}

        /** The whole tab bar, shown or hidden. */
        record Visibility(boolean shown) implements TabBarChange {}
    }
}
