package io.atrium.events.hostapp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.atrium.events.InvalidValueException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** Groups of the runtime's built-in APIs that a host app grants to a mini-program. */
public enum BuiltinApiGroup {
    /** showToast, showModal, navigation bar. */
    UI,
    /** navigateTo, redirectTo, navigateBack. */
    NAVIGATION,
    /** Storage under the per-mini-program quota. */
    STORAGE,
    /** request, to the allowed domains only. */
    NETWORK,
    /** getSystemInfo and other device facts. */
    DEVICE,
    /** login through the host; user info also needs the userInfo scope. */
    AUTH,
    /** Reading and writing the user's clipboard, which every app on the device shares. */
    CLIPBOARD;

    /** What a grant holds when it does not name groups: what every mini-program needs to run. */
    public static final Set<BuiltinApiGroup> BASELINE = Set.of(UI, NAVIGATION, STORAGE);

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static BuiltinApiGroup of(String name) {
        return Arrays.stream(values())
                .filter(g -> g.wireName().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new InvalidValueException(
                                "apiGroups",
                                "'" + name
                                        + "' is not a built-in API group (ui, navigation, storage, network, device, auth, clipboard)"));
    }
}
