package io.atrium.events.miniprogram;

import io.atrium.events.InvalidValueException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a catalogue shows of a mini-program: its name, description, category and tags. The
 * constructor takes details as they were stored and checks nothing, so history written under older
 * limits still reads; {@link #of} checks today's limits and is what commands build details with.
 */
public record MiniProgramDetails(String name, String description, String category, List<String> tags) {

    public static final int MAX_NAME = 64;
    public static final int MAX_DESCRIPTION = 2000;
    public static final int MAX_TAGS = 10;
    private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _-]{0,31}");

    public MiniProgramDetails {
        name = name == null ? "" : name;
        description = description == null ? "" : description;
        category = category == null ? "" : category;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** Details from input: trimmed, defaulted and checked against today's limits. */
    public static MiniProgramDetails of(String name, String description, String category, List<String> tags) {
        if (name == null || name.isBlank()) {
            throw new InvalidValueException("name", "name is required");
        }
        name = name.strip();
        if (name.length() > MAX_NAME) {
            throw new InvalidValueException("name", "name is longer than " + MAX_NAME + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidValueException("name", "name contains control characters");
        }
        description = description == null ? "" : description.strip();
        if (description.length() > MAX_DESCRIPTION) {
            throw new InvalidValueException(
                    "description", "description is longer than " + MAX_DESCRIPTION + " characters");
        }
        category = category == null || category.isBlank() ? "general" : category.strip();
        if (!CATEGORY.matcher(category).matches()) {
            throw new InvalidValueException(
                    "category", "category '" + category + "' must be lower-case letters, digits and '-' (at most 32)");
        }
        tags = tags == null ? List.of() : tags;
        if (tags.size() > MAX_TAGS) {
            throw new InvalidValueException("tags", "at most " + MAX_TAGS + " tags");
        }
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw new InvalidValueException(
                        "tags[" + i + "]", "tag '" + tag + "' must be 1-32 letters, digits, spaces, '_' or '-'");
            }
        }
        if (tags.stream().distinct().count() != tags.size()) {
            throw new InvalidValueException("tags", "tags must be distinct");
        }
        return new MiniProgramDetails(name, description, category, tags);
    }
}
