package io.atrium.events.gray;

import io.atrium.events.InvalidValueException;
import java.util.List;

/** Rules that must all hold (AND). */
public record RuleGroup(List<Rule> rules) {

    public static final int MAX_RULES = 20;

    /** A group as it was stored: nothing is checked, so history written under older limits still reads. */
    public RuleGroup {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * A group from input, checked against today's limits; each rule is checked too, and a refusal
     * names its place ({@code rules[2].value}).
     */
    public static RuleGroup of(List<Rule> rules) {
        if (rules == null || rules.isEmpty()) {
            throw new InvalidValueException("rules", "a group needs at least one rule");
        }
        if (rules.size() > MAX_RULES) {
            throw new InvalidValueException("rules", "a group holds at most " + MAX_RULES + " rules");
        }
        List<Rule> checked = new java.util.ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule == null) {
                throw new InvalidValueException("rules[" + i + "]", "rule is required");
            }
            try {
                checked.add(Rule.of(rule.attribute(), rule.operator(), rule.value()));
            } catch (InvalidValueException e) {
                throw e.under("rules[" + i + "]");
            }
        }
        return new RuleGroup(checked);
    }
}
