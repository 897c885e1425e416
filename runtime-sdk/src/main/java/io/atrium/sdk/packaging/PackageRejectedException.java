package io.atrium.sdk.packaging;

import org.jspecify.annotations.Nullable;

/** A package broke a rule of the format; nothing of it may be stored or run. */
public class PackageRejectedException extends RuntimeException {

    private final PackageRule rule;
    private final @Nullable String entry;

    /**
     * @param entry  the entry at fault, or null when the package as a whole is
     * @param detail what exactly is wrong, or null when the rule says it all
     */
    public PackageRejectedException(PackageRule rule, @Nullable String entry, @Nullable String detail) {
        super(rule.description() + (entry == null ? "" : " [" + entry + "]") + (detail == null ? "" : ": " + detail));
        this.rule = rule;
        this.entry = entry;
    }

    /** The rule that was broken. */
    public PackageRule rule() {
        return rule;
    }

    /** The entry at fault, or null when the package as a whole is. */
    public @Nullable String entry() {
        return entry;
    }
}
