package io.atrium.ops.check;

import static io.atrium.ops.check.Invariants.list;
import static io.atrium.ops.check.Invariants.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders both overlays with {@code kubectl kustomize} (tagged "services": a fresh machine gets
 * kubectl from scripts/services), reads every object strictly into fabric8's typed model and checks
 * the invariants, then what each overlay promises in particular.
 */
@Tag("services")
class OverlaysTest {

    @ParameterizedTest
    @ValueSource(strings = {"single-node", "cluster"})
    void everyRenderedObjectIsTypedAndKeepsTheInvariants(String overlay) {
        List<HasMetadata> objects = Overlays.rendered(overlay);

        assertThat(objects).isNotEmpty();
        assertThat(Invariants.all(objects)).isEmpty();
    }

    @Test
    void singleNodeIsOneServerOnItsEmbeddedDefaultsWithAVolume() {
        List<HasMetadata> objects = Overlays.rendered("single-node");
        List<Deployment> deployments = ofKind(objects, Deployment.class);

        assertThat(deployments).hasSize(1);
        assertThat(ofKind(objects, StatefulSet.class)).isEmpty();
        Deployment server = deployments.get(0);
        assertThat(server.getSpec().getReplicas()).isEqualTo(1);
        // The H2 files take one process: a rollout must stop the old pod first.
        assertThat(server.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(dataClaim(server)).isEqualTo("atrium-data");
        assertThat(ofKind(objects, PersistentVolumeClaim.class))
                .anySatisfy(claim -> assertThat(claim.getMetadata().getName()).isEqualTo("atrium-data"));
        assertThat(settings(objects))
                .containsEntry("ATRIUM_ROLES", "all")
                .containsEntry("ATRIUM_EVENT_FEED_KIND", "in-process")
                .containsEntry("ATRIUM_EVENT_STORE_KIND", "h2")
                .containsEntry("ATRIUM_SEARCH_INDEX", "lucene");
    }

    @Test
    void clusterRunsEachRoleOnItsOwnDeployment() {
        List<HasMetadata> objects = Overlays.rendered("cluster");
        Map<String, Deployment> deployments = ofKind(objects, Deployment.class).stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d));

        assertThat(deployments).containsOnlyKeys("atrium-command", "atrium-projections", "atrium-query");
        deployments.forEach((name, deployment) -> {
            assertThat(env(deployment, "ATRIUM_ROLES")).isEqualTo(name.substring("atrium-".length()));
            assertThat(dataClaim(deployment)).isEqualTo("atrium-shared");
        });
        // Projections take no lease: two pods, even for a moment of a rollout, apply events twice.
        Deployment projections = deployments.get("atrium-projections");
        assertThat(projections.getSpec().getReplicas()).isEqualTo(1);
        assertThat(projections.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        assertThat(deployments.get("atrium-command").getSpec().getReplicas()).isGreaterThan(1);
        assertThat(ofKind(objects, HorizontalPodAutoscaler.class))
                .singleElement()
                .satisfies(hpa ->
                        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("atrium-query"));
        // Packages and platform keys are shared by every node.
        assertThat(ofKind(objects, PersistentVolumeClaim.class))
                .filteredOn(claim -> claim.getMetadata().getName().equals("atrium-shared"))
                .singleElement()
                .satisfies(claim -> assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteMany"));
    }

    @Test
    void clusterRunsItsStoresAsStatefulSetsAndSaysSoInItsSettings() {
        List<HasMetadata> objects = Overlays.rendered("cluster");
        Map<String, StatefulSet> stores = ofKind(objects, StatefulSet.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        Map<String, String> settings = settings(objects);

        assertThat(stores).containsOnlyKeys("mariadb", "kafka", "elasticsearch", "kurrentdb");
        assertThat(settings)
                .containsEntry("ATRIUM_EVENT_FEED_KIND", "kafka")
                .containsEntry("ATRIUM_EVENT_STORE_KIND", "kurrentdb")
                .containsEntry("ATRIUM_READ_MODEL_KIND", "mysql")
                // The server refuses cluster mode on the embedded Lucene index.
                .containsEntry("ATRIUM_SEARCH_INDEX", "elasticsearch");
        // The topic cannot ask for more copies than there are brokers.
        assertThat(Integer.parseInt(settings.get("ATRIUM_KAFKA_REPLICATION_FACTOR")))
                .isLessThanOrEqualTo(stores.get("kafka").getSpec().getReplicas());
        // Every broker and KurrentDB node the settings name is a pod of its StatefulSet.
        for (String broker : settings.get("ATRIUM_KAFKA_BOOTSTRAP_SERVERS").split(",")) {
            assertThat(ordinal(broker, "kafka-", ".kafka:9092"))
                    .isLessThan(stores.get("kafka").getSpec().getReplicas());
        }
        String kurrent = settings.get("ATRIUM_EVENT_STORE_KURRENTDB_CONNECTION_STRING");
        assertThat(kurrent).startsWith("kurrentdb://").contains("tls=false");
        for (String node :
                kurrent.substring("kurrentdb://".length(), kurrent.indexOf('?')).split(",")) {
            assertThat(ordinal(node, "kurrentdb-", ".kurrentdb:2113"))
                    .isLessThan(stores.get("kurrentdb").getSpec().getReplicas());
        }
    }

    private static int ordinal(String address, String prefix, String suffix) {
        assertThat(address).startsWith(prefix).endsWith(suffix);
        return Integer.parseInt(address.substring(prefix.length(), address.length() - suffix.length()));
    }

    /** The settings every Atrium container reads (envFrom the ConfigMap atrium-settings-<hash>). */
    private static Map<String, String> settings(List<HasMetadata> objects) {
        return ofKind(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("atrium-settings"))
                .findFirst()
                .orElseThrow()
                .getData();
    }

    private static Container server(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("atrium"))
                .findFirst()
                .orElseThrow();
    }

    private static String env(Deployment deployment, String name) {
        return list(server(deployment).getEnv()).stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no " + name));
    }

    /** The claim mounted as the data folder (/var/lib/atrium). */
    private static String dataClaim(Deployment deployment) {
        String volume = list(server(deployment).getVolumeMounts()).stream()
                .filter(m -> m.getMountPath().equals("/var/lib/atrium"))
                .findFirst()
                .orElseThrow()
                .getName();
        Volume data = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(volume))
                .findFirst()
                .orElseThrow();
        assertThat(data.getPersistentVolumeClaim())
                .as("the data folder is a claim")
                .isNotNull();
        return data.getPersistentVolumeClaim().getClaimName();
    }
}
