package io.atrium.events.gray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atrium.events.InvalidValueException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class GrayRuleSetTest {

    private static final String RELEASE = "gr-01jd0000000000000000000000";

    private static Predicate<UserAttributes> rules(Rule... rules) {
        return GrayRuleSet.of(List.of(RuleGroup.of(List.of(rules))), List.of()).compile(RELEASE);
    }

    private static UserAttributes user(String userId, String device, String os) {
        return new UserAttributes(userId, device, os, "wifi", "3.2.0", "cn-east", Map.of("beta", "true", "level", "7"));
    }

    @Nested
    class StringOperators {
        @Test
        void eqAndNeCompareWholeValues() {
            assertThat(rules(Rule.of("deviceType", "eq", "ios")).test(user("u", "ios", "17")))
                    .isTrue();
            assertThat(rules(Rule.of("deviceType", "eq", "ios")).test(user("u", "android", "17")))
                    .isFalse();
            assertThat(rules(Rule.of("deviceType", "ne", "ios")).test(user("u", "android", "17")))
                    .isTrue();
            assertThat(rules(Rule.of("deviceType", "ne", "ios")).test(user("u", "ios", "17")))
                    .isFalse();
        }

        @Test
        void inPrefixAndContains() {
            assertThat(rules(Rule.of("userId", "in", List.of("u-1", "u-2"))).test(user("u-2", "ios", "1")))
                    .isTrue();
            assertThat(rules(Rule.of("userId", "in", List.of("u-1", "u-2"))).test(user("u-3", "ios", "1")))
                    .isFalse();
            assertThat(rules(Rule.of("region", "prefix", "cn-")).test(user("u", "ios", "1")))
                    .isTrue();
            assertThat(rules(Rule.of("region", "prefix", "us-")).test(user("u", "ios", "1")))
                    .isFalse();
            assertThat(rules(Rule.of("network", "contains", "if")).test(user("u", "ios", "1")))
                    .isTrue();
            assertThat(rules(Rule.of("network", "contains", "5g")).test(user("u", "ios", "1")))
                    .isFalse();
        }

        @Test
        void regexMatchesOnRe2() {
            Predicate<UserAttributes> staff = rules(Rule.of("userId", "matches", "^staff-[0-9]+$"));
            assertThat(staff.test(user("staff-12", "ios", "1"))).isTrue();
            assertThat(staff.test(user("staff-x", "ios", "1"))).isFalse();
        }

        @Test
        void catastrophicBacktrackingPatternRunsInLinearTime() {
            // (a+)+$ backtracks exponentially on java.util.regex; RE2 answers at once.
            Predicate<UserAttributes> evil = rules(Rule.of("userId", "matches", "^(a+)+$"));
            assertThat(evil.test(user("a".repeat(1000) + "!", "ios", "1"))).isFalse();
        }
    }

    @Nested
    class VersionAndNumberOperators {
        @Test
        void versionsCompareNumericallyPartByPart() {
            assertThat(rules(Rule.of("osVersion", "gte", "17.2")).test(user("u", "ios", "17.10")))
                    .isTrue();
            assertThat(rules(Rule.of("osVersion", "gte", "17.2")).test(user("u", "ios", "17.1.9")))
                    .isFalse();
            assertThat(rules(Rule.of("osVersion", "lt", "17.2")).test(user("u", "ios", "17.1.9")))
                    .isTrue();
            assertThat(rules(Rule.of("osVersion", "lte", "17.2")).test(user("u", "ios", "17.2.0")))
                    .isTrue();
            assertThat(rules(Rule.of("osVersion", "gt", "17.2")).test(user("u", "ios", "17.2.0")))
                    .isFalse();
            assertThat(rules(Rule.of("osVersion", "eq", "17.2")).test(user("u", "ios", "17.2.0")))
                    .isTrue();
            assertThat(rules(Rule.of("hostAppVersion", "between", List.of("3.0", "3.5")))
                            .test(user("u", "ios", "1")))
                    .isTrue();
            assertThat(rules(Rule.of("hostAppVersion", "between", List.of("3.3", "3.5")))
                            .test(user("u", "ios", "1")))
                    .isFalse();
        }

        @Test
        void preReleaseSortsBeforeRelease() {
            assertThat(rules(Rule.of("osVersion", "lt", "18.0")).test(user("u", "ios", "18.0-beta")))
                    .isTrue();
        }

        @Test
        void unparseableReportedVersionDoesNotMatch() {
            assertThat(rules(Rule.of("osVersion", "gte", "1")).test(user("u", "ios", "banana")))
                    .isFalse();
        }

        @Test
        void numericTagsCompareAsNumbers() {
            assertThat(rules(Rule.of("tags.level", "gt", 5)).test(user("u", "ios", "1")))
                    .isTrue();
            assertThat(rules(Rule.of("tags.level", "between", List.of(8, 10))).test(user("u", "ios", "1")))
                    .isFalse();
        }
    }

    @Nested
    class BooleanAndPercentage {
        @Test
        void isReadsBooleanTags() {
            assertThat(rules(Rule.of("tags.beta", "is", true)).test(user("u", "ios", "1")))
                    .isTrue();
            assertThat(rules(Rule.of("tags.beta", "is", false)).test(user("u", "ios", "1")))
                    .isFalse();
            assertThat(rules(Rule.of("tags.missing", "is", true)).test(user("u", "ios", "1")))
                    .isFalse();
        }

        @Test
        void sameUserAlwaysGetsTheSameAnswer() {
            Predicate<UserAttributes> tenPercent = rules(Rule.of("userId", "percentage", 10));
            for (int i = 0; i < 1000; i++) {
                UserAttributes u = UserAttributes.ofUser("user-" + i);
                boolean first = tenPercent.test(u);
                for (int k = 0; k < 5; k++) {
                    assertThat(tenPercent.test(u)).isEqualTo(first);
                }
                // A freshly compiled copy (another server, a restart) agrees too.
                assertThat(rules(Rule.of("userId", "percentage", 10)).test(u)).isEqualTo(first);
            }
        }

        @Test
        void tenPercentOfHundredThousandUsersLandWithinOnePercent() {
            Predicate<UserAttributes> tenPercent = rules(Rule.of("userId", "percentage", 10));
            int in = 0;
            for (int i = 0; i < 100_000; i++) {
                if (tenPercent.test(UserAttributes.ofUser("user-" + i))) {
                    in++;
                }
            }
            assertThat(in).isBetween(9_000, 11_000);
        }

        @Test
        void bucketsAreIndependentAcrossReleases() {
            int both = 0;
            Predicate<UserAttributes> a = GrayRuleSet.of(
                            List.of(RuleGroup.of(List.of(Rule.of("userId", "percentage", 50)))), null)
                    .compile("gr-01jd0000000000000000000001");
            Predicate<UserAttributes> b = GrayRuleSet.of(
                            List.of(RuleGroup.of(List.of(Rule.of("userId", "percentage", 50)))), null)
                    .compile("gr-01jd0000000000000000000002");
            for (int i = 0; i < 10_000; i++) {
                UserAttributes u = UserAttributes.ofUser("user-" + i);
                if (a.test(u) && b.test(u)) {
                    both++;
                }
            }
            // Independent halves overlap in about a quarter of users.
            assertThat(both).isBetween(2_200, 2_800);
        }

        @Test
        void zeroAndHundredPercentAreExact() {
            for (int i = 0; i < 2000; i++) {
                UserAttributes u = UserAttributes.ofUser("x" + i);
                assertThat(rules(Rule.of("userId", "percentage", 0)).test(u)).isFalse();
                assertThat(rules(Rule.of("userId", "percentage", 100)).test(u)).isTrue();
            }
        }

        @Test
        void bucketMatchesReferenceMurmur3() {
            // Reference values of MurmurHash3_x86_32 with seed 0, so other SDKs can check themselves.
            assertThat(StableBucket.murmur3("".getBytes())).isEqualTo(0);
            assertThat(StableBucket.murmur3("hello".getBytes())).isEqualTo(0x248bfa47);
            assertThat(StableBucket.murmur3("The quick brown fox jumps over the lazy dog".getBytes()))
                    .isEqualTo(0x2e4ff723);
        }
    }

    @Nested
    class GroupsAndLists {
        @Test
        void groupsAreOrRulesAreAnd() {
            GrayRuleSet set = GrayRuleSet.of(
                    List.of(
                            RuleGroup.of(
                                    List.of(Rule.of("deviceType", "eq", "ios"), Rule.of("osVersion", "gte", "17.2"))),
                            RuleGroup.of(List.of(Rule.of("region", "eq", "eu-west")))),
                    List.of("listed"));
            Predicate<UserAttributes> p = set.compile(RELEASE);
            assertThat(p.test(user("a", "ios", "17.3"))).isTrue();
            assertThat(p.test(user("a", "ios", "16"))).isFalse();
            assertThat(p.test(user("a", "android", "17.3"))).isFalse();
            assertThat(p.test(UserAttributes.ofUser("listed"))).isTrue();
            assertThat(p.test(new UserAttributes("x", null, null, null, null, "eu-west", null)))
                    .isTrue();
        }

        @Test
        void unknownAttributeNeverMatches() {
            assertThat(rules(Rule.of("deviceType", "ne", "ios")).test(UserAttributes.ofUser("u")))
                    .isFalse();
        }

        @Test
        void designDocumentExampleParsesAndEvaluates() throws Exception {
            String json = """
                    {"version": "1.1.0",
                     "groups": [
                       {"rules": [{"attribute": "userId", "operator": "in", "value": ["u-1", "u-2"]}]},
                       {"rules": [{"attribute": "deviceType", "operator": "eq", "value": "ios"},
                                  {"attribute": "osVersion", "operator": "gte", "value": "17.2"}]},
                       {"rules": [{"attribute": "userId", "operator": "percentage", "value": 10}]},
                       {"rules": [{"attribute": "tags.beta", "operator": "is", "value": true},
                                  {"attribute": "userId", "operator": "matches", "value": "^staff-[0-9]+$"}]}],
                     "userIds": ["u-3"]}""";
            Map<?, ?> body = new ObjectMapper().readValue(json, Map.class);
            GrayRuleSet set = GrayRuleSet.fromJson(body.get("groups"), body.get("userIds"));
            Predicate<UserAttributes> p = set.compile(RELEASE);
            assertThat(p.test(UserAttributes.ofUser("u-3"))).isTrue();
            assertThat(p.test(UserAttributes.ofUser("u-1"))).isTrue();
            assertThat(p.test(new UserAttributes("staff-7", null, null, null, null, null, Map.of("beta", "true"))))
                    .isTrue();
            assertThat(p.test(new UserAttributes("staff-7", null, null, null, null, null, Map.of("beta", "false"))))
                    .isEqualTo(StableBucket.of(RELEASE, "staff-7") < 1000);
        }

        @Test
        void survivesAJsonRoundTripUnchanged() throws Exception {
            ObjectMapper mapper = new ObjectMapper();
            GrayRuleSet set = GrayRuleSet.of(
                    List.of(RuleGroup.of(List.of(
                            Rule.of("userId", "percentage", 12.5),
                            Rule.of("tags.level", "between", List.of(1, 9)),
                            Rule.of("osVersion", "gte", 17)))),
                    List.of("a", "b"));
            GrayRuleSet back = mapper.readValue(mapper.writeValueAsString(set), GrayRuleSet.class);
            assertThat(back).isEqualTo(set);
        }
    }

    @Nested
    class Validation {
        private InvalidValueException refusal(String groupsJson) throws Exception {
            Object groups = new ObjectMapper().readValue(groupsJson, Object.class);
            return org.junit.jupiter.api.Assertions.assertThrows(
                    InvalidValueException.class, () -> GrayRuleSet.fromJson(groups, null));
        }

        @Test
        void reportsThePathOfTheFieldAtFault() throws Exception {
            InvalidValueException e = refusal("""
                    [{"rules":[{"attribute":"userId","operator":"eq","value":"a"}]},
                     {"rules":[{"attribute":"userId","operator":"eq","value":"a"},{"attribute":"osVersion","operator":"gte","value":"x.y"}]}]""");
            assertThat(e.field()).isEqualTo("groups[1].rules[1].value");
        }

        @Test
        void refusesUnknownAttributesAndOperators() throws Exception {
            assertThat(refusal("[{\"rules\":[{\"attribute\":\"shoeSize\",\"operator\":\"eq\",\"value\":\"9\"}]}]")
                            .field())
                    .isEqualTo("groups[0].rules[0].attribute");
            assertThat(refusal("[{\"rules\":[{\"attribute\":\"userId\",\"operator\":\"like\",\"value\":\"9\"}]}]")
                            .field())
                    .isEqualTo("groups[0].rules[0].operator");
        }

        @Test
        void refusesOperatorsThatDoNotSuitTheAttribute() {
            assertThatThrownBy(() -> Rule.of("deviceType", "percentage", 10)).hasMessageContaining("userId only");
            assertThatThrownBy(() -> Rule.of("deviceType", "gt", "3")).hasMessageContaining("text");
            assertThatThrownBy(() -> Rule.of("osVersion", "prefix", "17")).hasMessageContaining("text attributes");
            assertThatThrownBy(() -> Rule.of("userId", "is", true)).hasMessageContaining("tags");
        }

        /** Two decimals as written: 1.1 * 100 is 110.00000000000001 in floating point, and must not count. */
        @Test
        void takesEveryPercentageWithTwoDecimalsAsWritten() {
            for (double p : new double[] {0, 0.01, 0.07, 0.29, 1.1, 12.5, 33.33, 99.99, 100}) {
                assertThat(Rule.of("userId", "percentage", p).value())
                        .as("%s", p)
                        .isNotNull();
            }
            assertThatThrownBy(() -> Rule.of("userId", "percentage", 0.005)).hasMessageContaining("two decimals");
            assertThatThrownBy(() -> Rule.of("userId", "percentage", 33.333)).hasMessageContaining("two decimals");
        }

        @Test
        void refusesBadValues() {
            assertThatThrownBy(() -> Rule.of("userId", "percentage", 101)).hasMessageContaining("between 0 and 100");
            assertThatThrownBy(() -> Rule.of("userId", "percentage", 10.001)).hasMessageContaining("two decimals");
            assertThatThrownBy(() -> Rule.of("userId", "in", List.of())).hasMessageContaining("non-empty");
            assertThatThrownBy(() -> Rule.of("osVersion", "between", List.of("9", "1")))
                    .hasMessageContaining("low <= high");
            assertThatThrownBy(() -> Rule.of("userId", "matches", "(unclosed")).hasMessageContaining("RE2");
            assertThatThrownBy(() -> Rule.of("userId", "matches", "(a)\\1")).hasMessageContaining("RE2");
            assertThatThrownBy(() -> Rule.of("userId", "eq", null)).hasMessageContaining("required");
        }

        @Test
        void refusesAnEmptyRuleSet() {
            assertThatThrownBy(() -> GrayRuleSet.of(List.of(), List.of())).isInstanceOf(InvalidValueException.class);
        }

        @Test
        void ofChecksRulesBuiltWithoutChecksAndNamesTheirPlace() {
            RuleGroup unchecked = new RuleGroup(
                    List.of(new Rule("deviceType", Operator.EQ, "ios"), new Rule("userId", Operator.PERCENTAGE, 101)));
            assertThatThrownBy(() -> GrayRuleSet.of(
                            List.of(RuleGroup.of(List.of(Rule.of("region", "eq", "eu"))), unchecked), null))
                    .extracting("field")
                    .isEqualTo("groups[1].rules[1].value");
        }

        /** A rule set stored under looser limits reads back, and what today's code cannot evaluate matches nobody. */
        @Test
        void aStoredRuleSetReadsBackWithoutTodaysChecks() throws Exception {
            String longRegex = "a".repeat(Rule.MAX_REGEX + 50);
            String stored = "{\"groups\":[{\"rules\":[{\"attribute\":\"userId\",\"operator\":\"matches\",\"value\":\""
                    + longRegex
                    + "\"}]},{\"rules\":[{\"attribute\":\"planet\",\"operator\":\"eq\",\"value\":\"mars\"}]}],\"userIds\":[]}";
            GrayRuleSet read = new ObjectMapper().readValue(stored, GrayRuleSet.class);
            assertThat(read.groups()).hasSize(2);
            assertThatThrownBy(() -> GrayRuleSet.of(read.groups(), read.userIds()))
                    .isInstanceOf(InvalidValueException.class);
            Predicate<UserAttributes> compiled = read.compile(RELEASE);
            assertThat(compiled.test(user(longRegex, "ios", "17"))).isTrue();
            assertThat(compiled.test(user("u", "ios", "17"))).isFalse();
        }
    }
}
