package io.atrium.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The dependency rules of docs/architecture.md, written once over a base package so they can be checked
 * against Atrium ({@code io.atrium}) and against a fixture that breaks them on purpose.
 */
final class ArchitectureRules {

    private ArchitectureRules() {}

    /** Every module's package, and the packages of ours each may import. */
    static List<ArchRule> forBase(String base) {
        String events = base + ".events..";
        String command = base + ".command..";
        String query = base + ".query..";
        String projections = base + ".projections..";
        String crawler = base + ".search..";
        String sdk = base + ".sdk..";
        String shells = base + ".shells..";
        String server = base + ".server..";
        String cluster = base + ".cluster..";
        String kurrentdb = base + ".kurrentdb..";
        String protocolDouble = base + ".kurrentdb.protocoldouble..";
        String compiler = base + ".compiler..";
        String testing = base + ".testing..";
        List<ArchRule> rules = new ArrayList<>();
        rules.add(only(base, events, "events depends on nothing of ours", events));
        rules.add(noClasses()
                .that()
                .resideInAPackage(events)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..", "org.axonframework..", "java.sql..", "java.net.http..", "reactor..")
                .because("events is the published language: no Spring, no Axon runtime, no I/O")
                .allowEmptyShould(true));
        rules.add(only(base, sdk, "runtime-sdk depends on nothing of ours", sdk));
        rules.add(noClasses()
                .that()
                .resideInAPackage(sdk)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "org.axonframework..")
                .because("hosts embed the runtime SDK; it must not drag a server framework in")
                .allowEmptyShould(true));
        rules.add(only(
                base,
                command,
                "command-side depends on events and the SDK's package format only",
                command,
                events,
                base + ".sdk.packaging..",
                base + ".sdk.store.."));
        rules.add(only(base, projections, "projections depend on events only", projections, events));
        rules.add(only(
                base,
                crawler,
                "search-crawler depends on events, projections and the runtime SDK",
                crawler,
                events,
                projections,
                sdk));
        rules.add(only(
                base,
                query,
                "query-side depends on events and the search index's query side",
                query,
                events,
                base + ".search.index.."));
        rules.add(only(
                base,
                shells,
                "host shells reach the platform over HTTP and embed only the SDK (and, as development hosts, the"
                        + " script compiler)",
                shells,
                sdk,
                compiler));
        rules.add(noClasses()
                .that()
                .resideOutsideOfPackage(server)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(server)
                .because("only the server composes the modules")
                .allowEmptyShould(true));
        // The crawl worker runs untrusted code in a process of its own: it gets plaintext files over
        // its channel, and must not reach what the server has (a framework, a database, the read
        // model, the platform's keys and sealed packages, the network loader).
        rules.add(noClasses()
                .that()
                .resideInAPackage(base + ".search.crawler..")
                .and()
                .haveSimpleNameStartingWith("CrawlWorker")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.springframework..",
                        "io.r2dbc..",
                        "java.sql..",
                        "javax.sql..",
                        projections,
                        base + ".sdk.packaging..",
                        base + ".sdk.loader..",
                        base + ".search.index..")
                .because("the crawl worker holds no framework, database, keys or index")
                .allowEmptyShould(true));
        // Appended, so the fixture test's rule indexes stay put.
        rules.add(only(
                base,
                cluster,
                "cluster mode depends on events, the projections' feed port and the command side's event store",
                cluster,
                events,
                base + ".projections.feed..",
                base + ".command.eventstore.."));
        rules.add(noClasses()
                .that()
                .resideOutsideOfPackage(cluster)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.kafka..", "reactor.kafka..")
                .because(
                        "reactor-kafka is discontinued upstream: Kafka stays behind the EventFeed port, in the cluster module")
                .allowEmptyShould(true));
        rules.add(only(
                base,
                kurrentdb,
                "the KurrentDB store depends on events, the command side and the projections' feed port",
                kurrentdb,
                events,
                command,
                base + ".projections.feed.."));
        rules.add(noClasses()
                .that()
                .resideOutsideOfPackage(kurrentdb)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.kurrent..")
                .because("the KurrentDB client stays in the kurrentdb module, behind Axon's storage engine and the"
                        + " EventFeed port")
                .allowEmptyShould(true));
        rules.add(noClasses()
                .that()
                .resideOutsideOfPackage(protocolDouble)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(protocolDouble)
                .because("the KurrentDB protocol double is for tests and benchmarks; no running platform uses it")
                .allowEmptyShould(true));
        rules.add(only(
                base,
                compiler,
                "the script compiler implements the SDK's compiler port and needs nothing else of ours",
                compiler,
                base + ".sdk.packaging.."));
        rules.add(noClasses()
                .that()
                .resideOutsideOfPackage(compiler)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.graalvm..", "com.oracle.truffle..")
                .because("GraalJS and Babel are large: they stay in the script compiler, behind the SDK's"
                        + " ScriptCompiler port, so the SDK host apps embed never carries them")
                .allowEmptyShould(true));
        // Metrics: modules build meters with Micrometer's core API; which registry exports them is the
        // server's choice.
        rules.add(noClasses()
                .that()
                .resideOutsideOfPackage(server)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer.prometheusmetrics..", "io.prometheus..")
                .because("modules measure through micrometer-core only; the server picks the registry and serves it")
                .allowEmptyShould(true));
        rules.add(noClasses()
                .that()
                .resideInAnyPackage(events, sdk)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..")
                .because("the published language and the SDK hosts embed carry no metrics library")
                .allowEmptyShould(true));
        rules.add(noClasses()
                .that()
                .resideInAPackage(base + ".search.crawler..")
                .and()
                .haveSimpleNameStartingWith("CrawlWorker")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.micrometer..")
                .because("the crawl worker carries no metrics library: what its sandbox refused reaches the"
                        + " server's meters in the crawl's result")
                .allowEmptyShould(true));
        // The browser-testing module drives a real browser for tests; it is no part of the platform.
        rules.add(only(base, testing, "browser testing depends on nothing of ours", testing));
        rules.add(noClasses()
                .that()
                .resideOutsideOfPackage(testing)
                .should()
                .dependOnClassesThat()
                .resideInAPackage(testing)
                .because("test support is for tests: no production class may use it")
                .allowEmptyShould(true));
        return rules;
    }

    private static ArchRule only(String base, String module, String reason, String... allowed) {
        List<String> forbidden = new ArrayList<>();
        for (String candidate : List.of(
                "events",
                "command",
                "query",
                "projections",
                "cluster",
                "kurrentdb",
                "compiler",
                "search",
                "sdk",
                "shells",
                "server",
                "testing")) {
            String pkg = base + "." + candidate + "..";
            String prefix = base + "." + candidate + ".";
            // A module allowed only part of another is checked below.
            boolean partly = List.of(allowed).stream().anyMatch(a -> a.startsWith(prefix));
            if (!List.of(allowed).contains(pkg) && !partly) {
                forbidden.add(pkg);
            }
        }
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage(module)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(forbidden.toArray(String[]::new));
        // A module allowed only part of another (command-side: the SDK's package format; query-side:
        // the search index's query side) may use nothing else of it.
        List<String> parts = new ArrayList<>();
        for (String a : allowed) {
            String candidate = a.substring(base.length() + 1, a.length() - 2);
            if (candidate.contains(".")) {
                parts.add(a.substring(0, a.length() - 2));
            }
        }
        if (!parts.isEmpty()) {
            List<String> owners = parts.stream()
                    .map(p -> p.substring(0, p.indexOf('.', base.length() + 1)))
                    .distinct()
                    .toList();
            rule = noClasses()
                    .that()
                    .resideInAPackage(module)
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(forbidden.toArray(String[]::new))
                    .orShould()
                    .dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                            "are in " + owners + " but outside " + parts,
                            (com.tngtech.archunit.core.domain.JavaClass c) ->
                                    owners.stream().anyMatch(o -> within(c.getPackageName(), o))
                                            && parts.stream().noneMatch(p -> within(c.getPackageName(), p))));
        }
        return rule.because(reason).allowEmptyShould(true);
    }

    private static boolean within(String pkg, String root) {
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }
}
