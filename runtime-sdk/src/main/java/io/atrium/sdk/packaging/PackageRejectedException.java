package io.atrium.sdk.packaging;

/** A package broke a rule of the format; nothing of it may be stored or run. */
public class PackageRejectedException extends RuntimeException {

    private final PackageRule rule;
    private final String entry;

    public PackageRejectedException(PackageRule rule, String entry, String detail) {
        super(rule.description() + (entry == null ? "" : " [" + entry + "]") + (detail == null ? "" : ": " + detail));
        this.rule = rule;
        this.entry = entry;
    }

    /** The rule that was broken. */
    public PackageRule rule() {
        return rule;
    }

    /** The entry at fault, or null when the package as a whole is. */
    public String entry() {
        return entry;
    }
}
