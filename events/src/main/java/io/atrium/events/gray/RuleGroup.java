package io.atrium.events.gray;

import io.atrium.events.InvalidValueException;
import java.util.List;

/** Rules that must all hold (AND). */
public record RuleGroup(List<Rule> rules) {

    public static final int MAX_RULES = 20;

    public RuleGroup {
        if (rules == null || rules.isEmpty()) {
            throw new InvalidValueException("rules", "a group needs at least one rule");
        }
        if (rules.size() > MAX_RULES) {
            throw new InvalidValueException("rules", "a group holds at most " + MAX_RULES + " rules");
        }
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == null) {
                throw new InvalidValueException("rules[" + i + "]", "rule is required");
            }
        }
        rules = List.copyOf(rules);
    }
}
