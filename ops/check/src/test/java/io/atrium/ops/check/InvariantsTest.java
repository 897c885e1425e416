package io.atrium.ops.check;

import static io.atrium.ops.check.Invariants.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Proves that each check catches what it is there for: a compliant fixture passes, and breaking one
 * rule at a time is reported. Needs no tool, so it runs in the quick suite.
 */
class InvariantsTest {

    private final List<HasMetadata> objects = new ArrayList<>(StrictManifests.read(fixture("compliant.yaml")));
    private final Deployment web = ofKind(objects, Deployment.class).get(0);
    private final Container atrium =
            web.getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void passesTheCompliantFixture() {
        assertThat(Invariants.all(objects)).isEmpty();
    }

    @Test
    void refusesAFieldTheModelDoesNotKnow() {
        String typo = fixture("compliant.yaml").replace("readinessProbe:", "readinesProbe:");

        assertThatThrownBy(() -> StrictManifests.read(typo))
                .hasMessageContaining("Deployment web")
                .hasMessageContaining("readinesProbe");
    }

    @Test
    void refusesAnUnknownFieldDeepInAnObject() {
        String typo = fixture("compliant.yaml").replace("runAsNonRoot: true", "runAsNonroot: true");

        assertThatThrownBy(() -> StrictManifests.read(typo)).hasMessageContaining("runAsNonroot");
    }

    @Test
    void refusesAKeyGivenTwice() {
        String twice = fixture("compliant.yaml").replace("  replicas: 2\n", "  replicas: 2\n  replicas: 3\n");

        assertThatThrownBy(() -> StrictManifests.read(twice)).hasMessageContaining("replicas");
    }

    @Test
    void refusesAKindWithoutATypedModel() {
        String ingress = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n";

        assertThatThrownBy(() -> StrictManifests.read(ingress)).hasMessageContaining("no typed model");
    }

    @Test
    void reportsAContainerWithoutLimits() {
        atrium.getResources().setLimits(null);

        assertThat(Invariants.hardened(objects))
                .contains(
                        "Deployment web container atrium: no cpu limit",
                        "Deployment web container atrium: no memory limit");
    }

    @Test
    void reportsARequestAboveItsLimit() {
        atrium.getResources().getRequests().put("memory", new Quantity("2Gi"));

        assertThat(Invariants.hardened(objects))
                .contains("Deployment web container atrium: its memory request is above its limit");
    }

    @Test
    void reportsAnImageThatIsNotPinned() {
        atrium.setImage("ghcr.io/atrium-platform/atrium-server:latest");
        assertThat(Invariants.hardened(objects)).anyMatch(v -> v.contains("is not pinned"));

        atrium.setImage("registry.example:5000/atrium-server");
        assertThat(Invariants.hardened(objects)).anyMatch(v -> v.contains("is not pinned"));

        atrium.setImage("registry.example:5000/atrium-server@sha256:0123");
        assertThat(Invariants.hardened(objects)).noneMatch(v -> v.contains("is not pinned"));
    }

    @Test
    void reportsAPodThatMayRunAsRoot() {
        web.getSpec().getTemplate().getSpec().getSecurityContext().setRunAsNonRoot(null);
        assertThat(Invariants.hardened(objects)).contains("Deployment web container atrium: runAsNonRoot is not true");

        web.getSpec().getTemplate().getSpec().getSecurityContext().setRunAsNonRoot(true);
        atrium.getSecurityContext().setRunAsUser(0L);
        assertThat(Invariants.hardened(objects)).contains("Deployment web container atrium: runs as uid 0");
    }

    @Test
    void reportsAWritableRootFileSystemUnlessThePodSaysWhy() {
        atrium.getSecurityContext().setReadOnlyRootFilesystem(false);
        assertThat(Invariants.hardened(objects)).anyMatch(v -> v.contains("the root file system is writable"));

        web.getSpec().getTemplate().getMetadata().setAnnotations(Map.of(Invariants.WRITABLE_ROOT, "writes its config"));
        assertThat(Invariants.hardened(objects)).isEmpty();
    }

    @Test
    void reportsAPodWithoutASeccompProfile() {
        web.getSpec().getTemplate().getSpec().getSecurityContext().setSeccompProfile(null);

        assertThat(Invariants.hardened(objects))
                .contains("Deployment web container atrium: no RuntimeDefault or Localhost seccomp profile");
    }

    @Test
    void reportsPrivilegeEscalationAndKeptCapabilities() {
        atrium.getSecurityContext().setAllowPrivilegeEscalation(null);
        atrium.getSecurityContext().getCapabilities().setDrop(List.of("NET_RAW"));

        assertThat(Invariants.hardened(objects))
                .contains(
                        "Deployment web container atrium: allowPrivilegeEscalation is not false",
                        "Deployment web container atrium: does not drop ALL capabilities");
    }

    @Test
    void reportsServerProbesThatAskTheWrongGroup() {
        atrium.getReadinessProbe().getHttpGet().setPath("/actuator/health");
        assertThat(Invariants.probed(objects))
                .contains(
                        "Deployment web container atrium readiness: asks /actuator/health, not /actuator/health/readiness");

        atrium.setLivenessProbe(null);
        assertThat(Invariants.probed(objects)).contains("Deployment web container atrium: no liveness probe");
    }

    @Test
    void reportsAReplicatedDeploymentWithoutABudget() {
        objects.removeIf(o -> o instanceof PodDisruptionBudget);

        assertThat(Invariants.budgeted(objects))
                .contains("Deployment web: runs 2 replicas without a PodDisruptionBudget");
    }

    @Test
    void reportsABudgetThatBlocksEveryDrain() {
        ofKind(objects, PodDisruptionBudget.class).get(0).getSpec().setMinAvailable(new IntOrString(2));

        assertThat(Invariants.budgeted(objects)).anyMatch(v -> v.contains("blocks every drain"));
    }

    @Test
    void reportsAnAutoscaledDeploymentWithoutABudget() {
        web.getSpec().setReplicas(1);
        objects.removeIf(o -> o instanceof PodDisruptionBudget);
        objects.add(StrictManifests.read("""
                        apiVersion: autoscaling/v2
                        kind: HorizontalPodAutoscaler
                        metadata:
                          name: web
                        spec:
                          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                          minReplicas: 2
                          maxReplicas: 4
                        """).get(0));
        assertThat(ofKind(objects, HorizontalPodAutoscaler.class)).hasSize(1);

        assertThat(Invariants.budgeted(objects))
                .contains("Deployment web: runs under an autoscaler without a PodDisruptionBudget");
    }

    @Test
    void reportsAWorkloadWithoutANetworkPolicyOfItsOwn() {
        objects.removeIf(
                o -> o instanceof NetworkPolicy p && p.getMetadata().getName().equals("web"));

        assertThat(Invariants.isolated(objects))
                .contains("Deployment web: no NetworkPolicy of its own for ingress and egress");
    }

    @Test
    void reportsAMissingDefaultDeny() {
        objects.removeIf(
                o -> o instanceof NetworkPolicy p && p.getMetadata().getName().equals("default-deny"));

        assertThat(Invariants.isolated(objects)).anyMatch(v -> v.startsWith("no default-deny NetworkPolicy"));
    }

    @Test
    void reportsAPeerLabelledLikeThisOverlayInAnotherNamespace() {
        // What kustomize's label transformer does to a kube-dns peer when labels are set beside the policy.
        NetworkPolicy policy = ofKind(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("web"))
                .findFirst()
                .orElseThrow();
        LabelSelector dns = policy.getSpec().getEgress().get(0).getTo().get(0).getPodSelector();
        dns.setMatchLabels(Map.of("k8s-app", "kube-dns", "app.kubernetes.io/component", "query"));

        assertThat(Invariants.isolated(objects)).anyMatch(v -> v.contains("a peer in another namespace selects by"));
    }

    @Test
    void reportsAPeerThatSelectsNoPod() {
        NetworkPolicy policy = ofKind(objects, NetworkPolicy.class).stream()
                .filter(p -> p.getMetadata().getName().equals("web"))
                .findFirst()
                .orElseThrow();
        policy.getSpec()
                .getIngress()
                .get(0)
                .getFrom()
                .get(0)
                .getPodSelector()
                .setMatchLabels(Map.of("app.kubernetes.io/name", "atrum"));

        assertThat(Invariants.isolated(objects)).anyMatch(v -> v.contains("selects no pod of the overlay"));
    }

    @Test
    void reportsReferencesToObjectsTheOverlayDoesNotHold() {
        atrium.getEnvFrom().get(0).getConfigMapRef().setName("setings");
        atrium.getEnv().get(0).getValueFrom().getSecretKeyRef().setKey("PASSWROD");
        atrium.getVolumeMounts().get(0).setName("temp");

        assertThat(Invariants.referencesResolve(objects))
                .contains(
                        "Deployment web container atrium: no ConfigMap setings",
                        "Deployment web container atrium: env PASSWORD wants key PASSWROD of Secret keys, which the overlay does not hold",
                        "Deployment web container atrium: mounts temp, which is no volume of the pod");
    }

    @Test
    void reportsAServiceOnAPortNoContainerHas() {
        atrium.getPorts().get(0).setName("web");

        assertThat(Invariants.servicesReachPods(objects))
                .contains("Service web port http: Deployment web has no container port http");
    }

    private static String fixture(String name) {
        try (InputStream in = InvariantsTest.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
