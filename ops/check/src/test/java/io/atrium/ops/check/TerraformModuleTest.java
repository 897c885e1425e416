package io.atrium.ops.check;

import static io.atrium.ops.check.Invariants.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Parses ops/terraform with HashiCorp's own HCL parser (npm's {@code @cdktf/hcl2json}, the Go parser
 * compiled to WebAssembly, installed by ops/check/hcl2json/install as its lock file pins it) and checks
 * the module: every variable declared, typed, described and used; every output described; providers
 * pinned; and every object, key and name the module patches present in the overlays it patches, so
 * the two cannot drift apart. Tagged "services": it needs node, npm and kubectl, which scripts/services
 * installs. Terraform itself is not needed; when it is on the PATH, {@code terraform fmt -check} runs too.
 */
@Tag("services")
class TerraformModuleTest {

    private static final Pattern VAR_REFERENCE = Pattern.compile("\\bvar\\.([A-Za-z_][A-Za-z0-9_-]*)");

    private static Path module;
    private static Map<String, JsonNode> files;

    @BeforeAll
    static void parseTheModule() throws Exception {
        module = Overlays.repositoryRoot().resolve("ops/terraform");
        files = hcl2json(module);
        assertThat(files).containsKeys("main.tf", "variables.tf", "outputs.tf", "versions.tf");
    }

    @Test
    void everyVariableIsTypedDescribedAndUsed() {
        Map<String, JsonNode> variables = blocks("variable");
        assertThat(variables).containsKeys("namespace", "image", "replicas", "storage_class", "external_mariadb");
        Set<String> used = referencedVariables();

        variables.forEach((name, variable) -> {
            assertThat(variable.path("type").asText())
                    .as("type of variable " + name)
                    .startsWith("${")
                    .hasSizeGreaterThan(3);
            assertThat(variable.path("description").asText())
                    .as("description of variable " + name)
                    .isNotBlank();
            assertThat(used).as("variables used outside their declarations").contains(name);
        });
    }

    @Test
    void everyVariableReferencedIsDeclared() {
        assertThat(blocks("variable").keySet()).containsAll(referencedVariables());
    }

    @Test
    void everyOutputIsDescribed() {
        Map<String, JsonNode> outputs = blocks("output");

        assertThat(outputs).containsKey("service_urls");
        outputs.forEach((name, output) -> {
            assertThat(output.path("description").asText())
                    .as("description of output " + name)
                    .isNotBlank();
            assertThat(output.has("value")).as("value of output " + name).isTrue();
        });
    }

    @Test
    void everyProviderIsPinned() {
        JsonNode providers = files.get("versions.tf")
                .path("terraform")
                .path(0)
                .path("required_providers")
                .path(0);

        assertThat(providers.size()).isEqualTo(2);
        providers.properties().forEach(provider -> {
            assertThat(provider.getValue().path("source").asText())
                    .as(provider.getKey())
                    .isNotBlank();
            assertThat(provider.getValue().path("version").asText())
                    .as(provider.getKey())
                    .startsWith("~>");
        });
    }

    @Test
    void theOverlaysTheModuleOffersAreTheOnesInOpsK8s() {
        String condition = blocks("variable")
                .get("overlay")
                .path("validation")
                .path(0)
                .path("condition")
                .asText();
        Matcher offered =
                Pattern.compile("contains\\(\\[(.*?)\\], var\\.overlay\\)").matcher(condition);
        assertThat(offered.find()).as(condition).isTrue();
        List<String> names = Stream.of(offered.group(1).split(","))
                .map(s -> s.strip().replace("\"", ""))
                .toList();

        assertThat(names).containsExactlyInAnyOrderElementsOf(Overlays.NAMES);
        assertThat(text("main.tf")).contains("${path.module}/../k8s/${var.overlay}");
    }

    @Test
    void theImageItReplacesIsTheOverlaysImage() {
        String overlayImage = local("overlay_image").asText();

        for (String overlay : Overlays.NAMES) {
            for (Deployment deployment : ofKind(Overlays.rendered(overlay), Deployment.class)) {
                for (Container container :
                        deployment.getSpec().getTemplate().getSpec().getContainers()) {
                    assertThat(container.getImage()).startsWith(overlayImage + ":");
                }
            }
        }
    }

    @Test
    void everyStoreItCanReplaceIsInTheClusterOverlayAsTheModuleSaysIt() {
        List<HasMetadata> cluster = Overlays.rendered("cluster");
        Map<String, String> settings =
                withPrefix(ofKind(cluster, ConfigMap.class), "atrium-settings").getData();
        Iterator<Map.Entry<String, JsonNode>> stores =
                local("stores").properties().iterator();
        int count = 0;
        while (stores.hasNext()) {
            Map.Entry<String, JsonNode> store = stores.next();
            String name = store.getKey();
            JsonNode spec = store.getValue();
            count++;
            assertThat(named(cluster, "StatefulSet", name))
                    .as("StatefulSet " + name)
                    .isTrue();
            assertThat(named(cluster, "NetworkPolicy", name))
                    .as("NetworkPolicy " + name)
                    .isTrue();
            assertThat(named(cluster, "PodDisruptionBudget", name))
                    .as("PodDisruptionBudget " + name)
                    .isEqualTo(spec.path("budget").asBoolean());
            for (JsonNode service : spec.path("services")) {
                assertThat(named(cluster, "Service", service.asText()))
                        .as("Service " + service.asText())
                        .isTrue();
            }
            // The roles given egress to an external store are exactly those the overlay lets reach it.
            Set<String> roles = new LinkedHashSet<>();
            spec.path("roles").forEach(role -> roles.add(role.asText()));
            for (String role : List.of("command", "projections", "query")) {
                NetworkPolicy policy = ofKind(cluster, NetworkPolicy.class).stream()
                        .filter(p -> p.getMetadata().getName().equals("atrium-" + role))
                        .findFirst()
                        .orElseThrow();
                boolean reaches = policy.getSpec().getEgress().stream()
                        .flatMap(rule -> rule.getTo().stream())
                        .anyMatch(peer -> peer.getPodSelector() != null
                                && name.equals(
                                        peer.getPodSelector().getMatchLabels().get("app.kubernetes.io/name")));
                assertThat(reaches).as("atrium-" + role + " reaches " + name).isEqualTo(roles.contains(role));
            }
            // A merged setting must replace a key the overlay sets, or the overlay's value would stay.
            for (String key : settingKeys(spec.path("settings").asText())) {
                assertThat(settings).as("settings").containsKey(key);
            }
        }
        assertThat(count).isEqualTo(4);
    }

    @Test
    void everySecretValueItMergesReplacesAPlaceholderOfTheClusterOverlay() {
        List<HasMetadata> cluster = Overlays.rendered("cluster");
        String names = local("cluster_secret_names").asText();
        Map<String, JsonNode> secrets = new LinkedHashMap<>();
        local("cluster_secrets").properties().forEach(secret -> secrets.put(secret.getKey(), secret.getValue()));

        assertThat(secrets).containsOnlyKeys("atrium-keys", "mariadb-root");
        secrets.forEach((name, literals) -> {
            // Merged only when named in the list the generator iterates over.
            assertThat(names).contains("\"" + name + "\"");
            Secret rendered = withPrefix(ofKind(cluster, Secret.class), name);
            assertThat(literals.size()).as("literals of " + name).isPositive();
            for (JsonNode literal : literals) {
                String key = literal.asText().substring(0, literal.asText().indexOf('='));
                assertThat(rendered.getData()).as("Secret " + name).containsKey(key);
            }
        });
    }

    @Test
    void everyObjectItPatchesByNameIsInAnOverlay() {
        String locals = files.get("main.tf").path("locals").toString();
        Set<String> names = new LinkedHashSet<>();
        Matcher name = Pattern.compile("name\\s*=\\s*\\\\\"([a-z0-9-]+)\\\\\"").matcher(locals);
        while (name.find()) {
            names.add(name.group(1));
        }
        Matcher replicas = Pattern.compile("\\\\\"([a-z0-9-]+)\\\\\"\\s*=\\s*var\\.replicas")
                .matcher(locals);
        while (replicas.find()) {
            names.add(replicas.group(1));
        }
        assertThat(names).contains("atrium-data", "atrium-shared", "atrium-query", "atrium-command");

        // Generated objects carry kustomize's hash after their name (atrium-keys-7f6kbk8t47).
        Set<String> rendered = new LinkedHashSet<>();
        Overlays.NAMES.forEach(overlay -> Overlays.rendered(overlay)
                .forEach(o -> rendered.add(o.getMetadata().getName().replaceFirst("-[a-z0-9]{10}$", ""))));
        Overlays.NAMES.forEach(overlay -> Overlays.rendered(overlay)
                .forEach(o -> rendered.add(o.getMetadata().getName())));
        assertThat(rendered).containsAll(names);
    }

    @Test
    void terraformFmtFindsNothingToChangeWhereTerraformIsInstalled() throws Exception {
        assumeTrue(onPath("terraform"), "terraform is not installed here; the HCL checks above do not need it");
        Process fmt = new ProcessBuilder("terraform", "fmt", "-check", "-diff", module.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(fmt.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fmt.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(fmt.exitValue()).as(out).isZero();
    }

    /** The blocks of one kind across every file, by name (variable "x" {...} is variable.x[0]). */
    private static Map<String, JsonNode> blocks(String kind) {
        Map<String, JsonNode> blocks = new LinkedHashMap<>();
        files.values()
                .forEach(file -> file.path(kind).properties().forEach(block -> {
                    assertThat(blocks)
                            .as("%s %s is declared once", kind, block.getKey())
                            .doesNotContainKey(block.getKey());
                    assertThat(block.getValue().size())
                            .as("%s %s", kind, block.getKey())
                            .isEqualTo(1);
                    blocks.put(block.getKey(), block.getValue().get(0));
                }));
        return blocks;
    }

    private static JsonNode local(String name) {
        JsonNode value = files.get("main.tf").path("locals").path(0).path(name);
        assertThat(value.isMissingNode()).as("local " + name).isFalse();
        return value;
    }

    /** Every var.x referenced in expressions outside the variables' own blocks (their validations). */
    private static Set<String> referencedVariables() {
        Set<String> used = new LinkedHashSet<>();
        files.values()
                .forEach(file -> file.properties().forEach(section -> {
                    if (!section.getKey().equals("variable")) {
                        strings(section.getValue()).forEach(s -> {
                            Matcher m = VAR_REFERENCE.matcher(s);
                            while (m.find()) {
                                used.add(m.group(1));
                            }
                        });
                    }
                }));
        return used;
    }

    private static List<String> strings(JsonNode node) {
        List<String> strings = new ArrayList<>();
        if (node.isTextual()) {
            strings.add(node.asText());
        } else if (node.isContainerNode()) {
            node.forEach(child -> strings.addAll(strings(child)));
            if (node.isObject()) {
                node.properties().forEach(p -> strings.add(p.getKey()));
            }
        }
        return strings;
    }

    private static List<String> settingKeys(String expression) {
        List<String> keys = new ArrayList<>();
        Matcher key = Pattern.compile("\"([A-Z][A-Z0-9_]*)=").matcher(expression);
        while (key.find()) {
            keys.add(key.group(1));
        }
        return keys;
    }

    private static boolean named(List<HasMetadata> objects, String kind, String name) {
        return objects.stream()
                .anyMatch(o ->
                        o.getKind().equals(kind) && o.getMetadata().getName().equals(name));
    }

    /** A generated object: kustomize appends a hash of its content to the name. */
    private static <T extends HasMetadata> T withPrefix(List<T> objects, String name) {
        return objects.stream()
                .filter(o -> o.getMetadata().getName().matches(Pattern.quote(name) + "-[a-z0-9]{10}"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no generated object " + name));
    }

    private static String text(String file) {
        return files.get(file).toString();
    }

    /** Each .tf file of the folder, as hcl2json turns it into JSON. */
    private static Map<String, JsonNode> hcl2json(Path dir) throws IOException, InterruptedException {
        Path installed = Path.of(run(
                        List.of(Overlays.repositoryRoot()
                                .resolve("ops/check/hcl2json/install")
                                .toString()),
                        Map.of())
                .strip()
                .lines()
                .reduce((first, last) -> last)
                .orElseThrow());
        String script = """
                const {parse} = require("@cdktf/hcl2json");
                const fs = require("fs"), path = require("path");
                const dir = process.argv[1];
                (async () => {
                  const out = {};
                  for (const file of fs.readdirSync(dir).filter(f => f.endsWith(".tf")).sort()) {
                    out[file] = await parse(file, fs.readFileSync(path.join(dir, file), "utf8"));
                  }
                  process.stdout.write(JSON.stringify(out), () => process.exit(0));
                })().catch(e => { console.error((e && e.stack) || e); process.exit(1); });
                """;
        String json = run(
                List.of("node", "-e", script, dir.toString()),
                Map.of("NODE_PATH", installed.resolve("node_modules").toString()));
        JsonNode parsed = new ObjectMapper().readTree(json);
        Map<String, JsonNode> files = new LinkedHashMap<>();
        parsed.properties().forEach(f -> files.put(f.getKey(), f.getValue()));
        return files;
    }

    private static String run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("ops-check", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(300, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not finish in 300 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " failed (exit " + process.exitValue() + "): "
                        + Files.readString(errors, StandardCharsets.UTF_8));
            }
            return out;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null
                && Stream.of(path.split(File.pathSeparator)).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
