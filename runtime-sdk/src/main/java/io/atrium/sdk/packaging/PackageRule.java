package io.atrium.sdk.packaging;

/** The rule a refused package broke. Stable names: HTTP errors and logs carry them. */
public enum PackageRule {
    NOT_A_ZIP("the upload is not a readable zip archive"),
    TOO_LARGE("the package is larger than allowed"),
    PACKAGE_TOO_LARGE("the main package or a subpackage is larger than allowed"),
    TOO_MANY_ENTRIES("the package has more entries than allowed"),
    ENTRY_TOO_LARGE("a file in the package is larger than allowed"),
    COMPRESSION_RATIO("a file expands far more than real code does (zip bomb)"),
    UNSAFE_PATH("an entry's path is absolute, climbs out with '..', or is otherwise unsafe"),
    LINK("an entry is a symbolic link"),
    DUPLICATE_ENTRY("two entries have the same path"),
    INCONSISTENT_ZIP("the zip's local headers and central directory disagree"),
    ENCRYPTED_ENTRY("an entry is encrypted"),
    UNSUPPORTED_FILE("a file's type is not allowed in a package"),
    APP_JSON_MISSING("app.json is missing"),
    APP_JSON_INVALID("app.json is not valid"),
    APP_JS_MISSING("app.js is missing"),
    PAGE_MISSING("a page listed in app.json lacks its template or script"),
    TEMPLATE_INVALID("a template does not parse"),
    NOT_UTF8("a text file is not valid UTF-8"),
    SCRIPT_INVALID("a script does not compile"),
    PROJECT_CONFIG_INVALID("project.config.json is not valid");

    private final String description;

    PackageRule(String description) {
        this.description = description;
    }

    /** One sentence saying what the rule is. */
    public String description() {
        return description;
    }

    /** The name used on the wire, e.g. {@code package.compression-ratio}. */
    public String code() {
        return "package." + name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
