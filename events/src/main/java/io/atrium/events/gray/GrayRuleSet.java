package io.atrium.events.gray;

import io.atrium.events.InvalidValueException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The rules of a gray release: a user gets the gray version when any group matches (groups are
 * OR-ed, rules in a group AND-ed) or when the user's id is on the imported {@code userIds} list.
 * The constructor takes a rule set as it was stored and checks nothing, so history written under
 * older limits still reads; {@link #of} and {@link #fromJson} check input against today's rules.
 */
public record GrayRuleSet(List<RuleGroup> groups, List<String> userIds) {

    public static final int MAX_GROUPS = 50;
    public static final int MAX_USER_IDS = 10_000;

    public GrayRuleSet {
        groups = groups == null ? List.of() : List.copyOf(groups);
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
    }

    /**
     * A rule set from input, checked against today's rules down to each rule's value; a refusal
     * names its place, e.g. {@code groups[1].rules[0].value}. User ids are de-duplicated.
     */
    public static GrayRuleSet of(List<RuleGroup> groups, List<String> userIds) {
        groups = groups == null ? List.of() : groups;
        userIds = userIds == null ? List.of() : userIds;
        if (groups.size() > MAX_GROUPS) {
            throw new InvalidValueException("groups", "at most " + MAX_GROUPS + " groups");
        }
        List<RuleGroup> checked = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i) == null) {
                throw new InvalidValueException("groups[" + i + "]", "group is required");
            }
            try {
                checked.add(RuleGroup.of(groups.get(i).rules()));
            } catch (InvalidValueException e) {
                throw e.under("groups[" + i + "]");
            }
        }
        if (userIds.size() > MAX_USER_IDS) {
            throw new InvalidValueException("userIds", "at most " + MAX_USER_IDS + " user ids");
        }
        Set<String> seen = new HashSet<>();
        List<String> distinct = new ArrayList<>(userIds.size());
        for (int i = 0; i < userIds.size(); i++) {
            String id = userIds.get(i);
            if (id == null || id.isBlank() || id.length() > Rule.MAX_STRING) {
                throw new InvalidValueException(
                        "userIds[" + i + "]", "user id must be 1-" + Rule.MAX_STRING + " characters");
            }
            if (seen.add(id)) {
                distinct.add(id);
            }
        }
        if (checked.isEmpty() && distinct.isEmpty()) {
            throw new InvalidValueException("groups", "a gray release needs at least one group or user id");
        }
        return new GrayRuleSet(checked, distinct);
    }

    /**
     * Builds a rule set from generic JSON (maps and lists, as a JSON parser yields them), reporting
     * a refusal with its full path, e.g. {@code groups[1].rules[0].value}.
     *
     * @param groups  a list of {@code {"rules": [{"attribute", "operator", "value"}]}} objects, or null
     * @param userIds a list of user id strings, or null
     */
    public static GrayRuleSet fromJson(Object groups, Object userIds) {
        List<RuleGroup> parsed = new ArrayList<>();
        if (groups != null) {
            if (!(groups instanceof List<?> groupList)) {
                throw new InvalidValueException("groups", "groups must be a list");
            }
            for (int g = 0; g < groupList.size(); g++) {
                String groupPath = "groups[" + g + "]";
                if (!(groupList.get(g) instanceof java.util.Map<?, ?> group)
                        || !(group.get("rules") instanceof List<?> ruleList)) {
                    throw new InvalidValueException(groupPath + ".rules", "a group is {\"rules\": [...]}");
                }
                List<Rule> rules = new ArrayList<>();
                for (int r = 0; r < ruleList.size(); r++) {
                    String rulePath = groupPath + ".rules[" + r + "]";
                    if (!(ruleList.get(r) instanceof java.util.Map<?, ?> rule)) {
                        throw new InvalidValueException(rulePath, "a rule is {\"attribute\", \"operator\", \"value\"}");
                    }
                    try {
                        Object operator = rule.get("operator");
                        if (operator != null && !(operator instanceof String)) {
                            throw new InvalidValueException("operator", "operator must be a string");
                        }
                        Object attribute = rule.get("attribute");
                        // Checked with the group below, where a refusal gets its full path.
                        rules.add(new Rule(
                                attribute == null ? null : attribute.toString(),
                                operator == null ? null : Operator.of((String) operator),
                                rule.get("value")));
                    } catch (InvalidValueException e) {
                        throw e.under(rulePath);
                    }
                }
                try {
                    parsed.add(RuleGroup.of(rules));
                } catch (InvalidValueException e) {
                    throw e.under(groupPath);
                }
            }
        }
        List<String> ids = new ArrayList<>();
        if (userIds != null) {
            if (!(userIds instanceof List<?> idList)) {
                throw new InvalidValueException("userIds", "userIds must be a list of strings");
            }
            for (int i = 0; i < idList.size(); i++) {
                if (!(idList.get(i) instanceof String id)) {
                    throw new InvalidValueException("userIds[" + i + "]", "user id must be a string");
                }
                ids.add(id);
            }
        }
        return of(parsed, ids);
    }

    /**
     * Compiles this rule set for evaluation in the gray release {@code releaseId} (which seeds the
     * percentage bucket). Compile once, evaluate many times: evaluation allocates nothing but what
     * a regex match needs.
     */
    public Predicate<UserAttributes> compile(String releaseId) {
        List<Predicate<UserAttributes>> compiledGroups = new ArrayList<>(groups.size());
        for (RuleGroup group : groups) {
            List<Predicate<UserAttributes>> rules =
                    group.rules().stream().map(r -> r.compile(releaseId)).toList();
            compiledGroups.add(user -> {
                for (Predicate<UserAttributes> rule : rules) {
                    if (!rule.test(user)) {
                        return false;
                    }
                }
                return true;
            });
        }
        Set<String> listed = Set.copyOf(userIds);
        return user -> {
            if (user.userId() != null && listed.contains(user.userId())) {
                return true;
            }
            for (Predicate<UserAttributes> group : compiledGroups) {
                if (group.test(user)) {
                    return true;
                }
            }
            return false;
        };
    }
}
