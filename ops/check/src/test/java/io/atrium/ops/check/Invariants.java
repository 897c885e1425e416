package io.atrium.ops.check;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What every rendered overlay must keep, each check returning the violations it finds (empty when
 * the objects keep it), so that a failure names the object and the rule.
 */
final class Invariants {

    /** A pod template annotated with why its root file system cannot be read-only. */
    static final String WRITABLE_ROOT = "atrium.io/writable-root-filesystem";

    /** The server's image, whose containers answer the actuator's probe groups on its management port, 8081. */
    static final String ATRIUM_IMAGE = "ghcr.io/atrium-platform/atrium-server";

    static final String LIVENESS = "/actuator/health/liveness";
    static final String READINESS = "/actuator/health/readiness";

    private Invariants() {}

    /** A Deployment or StatefulSet: what runs pods. */
    record Workload(HasMetadata owner, PodTemplateSpec template, int replicas, Set<String> claimTemplates) {

        String id() {
            return owner.getKind() + " " + owner.getMetadata().getName();
        }

        Map<String, String> labels() {
            Map<String, String> labels = template.getMetadata() == null
                    ? null
                    : template.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        Map<String, String> annotations() {
            Map<String, String> annotations = template.getMetadata() == null
                    ? null
                    : template.getMetadata().getAnnotations();
            return annotations == null ? Map.of() : annotations;
        }

        List<Container> containers() {
            return Stream.concat(
                            list(template.getSpec().getInitContainers()).stream(),
                            list(template.getSpec().getContainers()).stream())
                    .toList();
        }
    }

    static List<Workload> workloads(List<HasMetadata> objects) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof Deployment deployment) {
                workloads.add(new Workload(
                        deployment,
                        deployment.getSpec().getTemplate(),
                        Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1),
                        Set.of()));
            } else if (object instanceof StatefulSet statefulSet) {
                workloads.add(new Workload(
                        statefulSet,
                        statefulSet.getSpec().getTemplate(),
                        Objects.requireNonNullElse(statefulSet.getSpec().getReplicas(), 1),
                        list(statefulSet.getSpec().getVolumeClaimTemplates()).stream()
                                .map(claim -> claim.getMetadata().getName())
                                .collect(Collectors.toSet())));
            }
        }
        return workloads;
    }

    /** Every check below. */
    static List<String> all(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        violations.addAll(hardened(objects));
        violations.addAll(probed(objects));
        violations.addAll(budgeted(objects));
        violations.addAll(isolated(objects));
        violations.addAll(referencesResolve(objects));
        violations.addAll(servicesReachPods(objects));
        return violations;
    }

    /**
     * Non-root, a seccomp profile, no privilege escalation, no capabilities (what Pod Security's
     * "restricted" level asks), a read-only root file system unless the pod says why not, a pinned image, requests and limits for CPU and memory, no service-account token.
     */
    static List<String> hardened(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Workload workload : workloads(objects)) {
            PodSecurityContext pod = workload.template().getSpec().getSecurityContext();
            if (!Boolean.FALSE.equals(workload.template().getSpec().getAutomountServiceAccountToken())) {
                violations.add(workload.id() + ": mounts a service-account token (automountServiceAccountToken "
                        + "is not false), and nothing here calls the Kubernetes API");
            }
            String writableReason = workload.annotations().get(WRITABLE_ROOT);
            for (Container container : workload.containers()) {
                String where = workload.id() + " container " + container.getName();
                SecurityContext own = container.getSecurityContext();
                Boolean nonRoot = own != null && own.getRunAsNonRoot() != null
                        ? own.getRunAsNonRoot()
                        : pod == null ? null : pod.getRunAsNonRoot();
                if (!Boolean.TRUE.equals(nonRoot)) {
                    violations.add(where + ": runAsNonRoot is not true");
                }
                Long uid = own != null && own.getRunAsUser() != null
                        ? own.getRunAsUser()
                        : pod == null ? null : pod.getRunAsUser();
                if (uid != null && uid == 0) {
                    violations.add(where + ": runs as uid 0");
                }
                SeccompProfile seccomp = own != null && own.getSeccompProfile() != null
                        ? own.getSeccompProfile()
                        : pod == null ? null : pod.getSeccompProfile();
                if (seccomp == null || !List.of("RuntimeDefault", "Localhost").contains(seccomp.getType())) {
                    violations.add(where + ": no RuntimeDefault or Localhost seccomp profile");
                }
                if (own == null || !Boolean.FALSE.equals(own.getAllowPrivilegeEscalation())) {
                    violations.add(where + ": allowPrivilegeEscalation is not false");
                }
                if (own != null && Boolean.TRUE.equals(own.getPrivileged())) {
                    violations.add(where + ": is privileged");
                }
                if (own == null
                        || own.getCapabilities() == null
                        || !list(own.getCapabilities().getDrop()).contains("ALL")) {
                    violations.add(where + ": does not drop ALL capabilities");
                }
                if (own != null
                        && own.getCapabilities() != null
                        && !list(own.getCapabilities().getAdd()).isEmpty()) {
                    violations.add(where + ": adds capabilities "
                            + own.getCapabilities().getAdd());
                }
                boolean readOnly = own != null && Boolean.TRUE.equals(own.getReadOnlyRootFilesystem());
                if (!readOnly && (writableReason == null || writableReason.isBlank())) {
                    violations.add(where + ": the root file system is writable and the pod template gives no "
                            + "reason (annotation " + WRITABLE_ROOT + ")");
                }
                if (readOnly && writableReason != null) {
                    violations.add(where + ": the root file system is read-only, yet the pod template says why it "
                            + "cannot be (" + WRITABLE_ROOT + ")");
                }
                if (!pinned(container.getImage())) {
                    violations.add(where + ": image " + container.getImage() + " is not pinned to a tag other than "
                            + "latest or to a digest");
                }
                violations.addAll(sized(where, container.getResources()));
            }
        }
        return violations;
    }

    /** A tag that is not "latest", or a digest. */
    static boolean pinned(String image) {
        if (image == null || image.isBlank()) {
            return false;
        }
        if (image.contains("@sha256:")) {
            return true;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon > slash
                && colon < image.length() - 1
                && !image.substring(colon + 1).equals("latest");
    }

    private static List<String> sized(String where, ResourceRequirements resources) {
        List<String> violations = new ArrayList<>();
        Map<String, Quantity> requests = resources == null ? null : resources.getRequests();
        Map<String, Quantity> limits = resources == null ? null : resources.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            if (requests == null || !requests.containsKey(resource)) {
                violations.add(where + ": no " + resource + " request");
            }
            if (limits == null || !limits.containsKey(resource)) {
                violations.add(where + ": no " + resource + " limit");
            }
            if (requests != null
                    && limits != null
                    && requests.containsKey(resource)
                    && limits.containsKey(resource)
                    && requests.get(resource)
                                    .getNumericalAmount()
                                    .compareTo(limits.get(resource).getNumericalAmount())
                            > 0) {
                violations.add(where + ": its " + resource + " request is above its limit");
            }
        }
        return violations;
    }

    /**
     * Every container has a liveness and a readiness probe; the server's are the actuator's groups on
     * its HTTP port (liveness: the process only; readiness: what its role needs).
     */
    static List<String> probed(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        for (Workload workload : workloads(objects)) {
            for (Container container : list(workload.template().getSpec().getContainers())) {
                String where = workload.id() + " container " + container.getName();
                if (container.getLivenessProbe() == null) {
                    violations.add(where + ": no liveness probe");
                }
                if (container.getReadinessProbe() == null) {
                    violations.add(where + ": no readiness probe");
                }
                if (container.getImage() != null && container.getImage().startsWith(ATRIUM_IMAGE + ":")) {
                    violations.addAll(
                            probesPath(where + " liveness", container, container.getLivenessProbe(), LIVENESS));
                    violations.addAll(
                            probesPath(where + " readiness", container, container.getReadinessProbe(), READINESS));
                    if (container.getStartupProbe() != null) {
                        violations.addAll(
                                probesPath(where + " startup", container, container.getStartupProbe(), LIVENESS));
                    }
                }
            }
        }
        return violations;
    }

    private static List<String> probesPath(String where, Container container, Probe probe, String path) {
        if (probe == null) {
            return List.of();
        }
        HTTPGetAction get = probe.getHttpGet();
        if (get == null) {
            return List.of(where + ": is not an HTTP GET of " + path);
        }
        List<String> violations = new ArrayList<>();
        if (!path.equals(get.getPath())) {
            violations.add(where + ": asks " + get.getPath() + ", not " + path);
        }
        Integer port = containerPort(container, get.getPort());
        if (port == null || port != 8081) {
            violations.add(where + ": asks port " + get.getPort() + ", not the server's management port 8081");
        }
        return violations;
    }

    /** The container port a probe or Service names, by number or by name; null when the name is unknown. */
    static Integer containerPort(Container container, IntOrString port) {
        if (port == null) {
            return null;
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return list(container.getPorts()).stream()
                .filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElse(null);
    }

    /**
     * A PodDisruptionBudget for every Deployment with more than one replica or an autoscaler, that
     * lets a drain take one pod; every autoscaler and budget points at something that exists.
     */
    static List<String> budgeted(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        List<PodDisruptionBudget> budgets = ofKind(objects, PodDisruptionBudget.class);
        List<Workload> workloads = workloads(objects);
        Map<String, HorizontalPodAutoscaler> autoscaled = ofKind(objects, HorizontalPodAutoscaler.class).stream()
                .filter(hpa ->
                        "Deployment".equals(hpa.getSpec().getScaleTargetRef().getKind()))
                .collect(Collectors.toMap(
                        hpa -> hpa.getSpec().getScaleTargetRef().getName(), hpa -> hpa));
        for (String target : autoscaled.keySet()) {
            if (ofKind(objects, Deployment.class).stream()
                    .noneMatch(d -> d.getMetadata().getName().equals(target))) {
                violations.add("HorizontalPodAutoscaler "
                        + autoscaled.get(target).getMetadata().getName() + ": scales Deployment " + target
                        + ", which the overlay does not hold");
            }
        }
        for (Workload workload : workloads) {
            if (!(workload.owner() instanceof Deployment)) {
                continue;
            }
            HorizontalPodAutoscaler hpa =
                    autoscaled.get(workload.owner().getMetadata().getName());
            int least = hpa == null
                    ? workload.replicas()
                    : Objects.requireNonNullElse(hpa.getSpec().getMinReplicas(), 1);
            if (least <= 1 && hpa == null) {
                continue;
            }
            List<PodDisruptionBudget> own = budgets.stream()
                    .filter(b -> selects(b.getSpec().getSelector(), workload.labels()))
                    .toList();
            if (own.isEmpty()) {
                violations.add(workload.id() + ": runs " + (hpa == null ? least + " replicas" : "under an autoscaler")
                        + " without a PodDisruptionBudget");
            }
            for (PodDisruptionBudget budget : own) {
                IntOrString minAvailable = budget.getSpec().getMinAvailable();
                if (minAvailable != null && minAvailable.getIntVal() != null && minAvailable.getIntVal() >= least) {
                    violations.add("PodDisruptionBudget " + budget.getMetadata().getName() + ": minAvailable "
                            + minAvailable.getIntVal() + " of " + least + " replicas blocks every drain");
                }
            }
        }
        for (PodDisruptionBudget budget : budgets) {
            if (workloads.stream().noneMatch(w -> selects(budget.getSpec().getSelector(), w.labels()))) {
                violations.add("PodDisruptionBudget " + budget.getMetadata().getName() + ": selects no pod");
            }
        }
        return violations;
    }

    /**
     * A default-deny policy, and a policy of its own (ingress and egress) for every workload; every
     * peer in the namespace selects pods that exist, and no peer in another namespace selects by
     * this overlay's labels (which a kustomize label transformer writes into peers it should not).
     */
    static List<String> isolated(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        List<NetworkPolicy> policies = ofKind(objects, NetworkPolicy.class);
        List<Workload> workloads = workloads(objects);
        boolean defaultDeny = policies.stream()
                .anyMatch(p -> empty(p.getSpec().getPodSelector())
                        && list(p.getSpec().getPolicyTypes()).containsAll(List.of("Ingress", "Egress"))
                        && list(p.getSpec().getIngress()).isEmpty()
                        && list(p.getSpec().getEgress()).isEmpty());
        if (!defaultDeny) {
            violations.add("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
        }
        for (Workload workload : workloads) {
            boolean own = policies.stream()
                    .anyMatch(p -> !empty(p.getSpec().getPodSelector())
                            && selects(p.getSpec().getPodSelector(), workload.labels())
                            && list(p.getSpec().getPolicyTypes()).containsAll(List.of("Ingress", "Egress")));
            if (!own) {
                violations.add(workload.id() + ": no NetworkPolicy of its own for ingress and egress");
            }
        }
        for (NetworkPolicy policy : policies) {
            String name = "NetworkPolicy " + policy.getMetadata().getName();
            if (!empty(policy.getSpec().getPodSelector())
                    && workloads.stream()
                            .noneMatch(w -> selects(policy.getSpec().getPodSelector(), w.labels()))) {
                violations.add(name + ": applies to no pod of the overlay");
            }
            List<NetworkPolicyPeer> peers = Stream.concat(
                            list(policy.getSpec().getIngress()).stream().flatMap(rule -> list(rule.getFrom()).stream()),
                            list(policy.getSpec().getEgress()).stream().flatMap(rule -> list(rule.getTo()).stream()))
                    .toList();
            for (NetworkPolicyPeer peer : peers) {
                if (peer.getNamespaceSelector() == null && peer.getIpBlock() == null && peer.getPodSelector() != null) {
                    if (workloads.stream().noneMatch(w -> selects(peer.getPodSelector(), w.labels()))) {
                        violations.add(name + ": peer " + peer.getPodSelector().getMatchLabels()
                                + " selects no pod of the overlay");
                    }
                }
                if (peer.getNamespaceSelector() != null && peer.getPodSelector() != null) {
                    Map<String, String> labels = peer.getPodSelector().getMatchLabels();
                    if (labels != null && labels.keySet().stream().anyMatch(k -> k.startsWith("app.kubernetes.io/"))) {
                        violations.add(
                                name + ": a peer in another namespace selects by this overlay's labels " + labels);
                    }
                }
            }
        }
        return violations;
    }

    /** Every ConfigMap, Secret, key, claim and volume a pod names is in the overlay. */
    static List<String> referencesResolve(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        Map<String, ConfigMap> configMaps = byName(ofKind(objects, ConfigMap.class));
        Map<String, Secret> secrets = byName(ofKind(objects, Secret.class));
        Map<String, PersistentVolumeClaim> claims = byName(ofKind(objects, PersistentVolumeClaim.class));
        for (Workload workload : workloads(objects)) {
            List<Volume> volumes = list(workload.template().getSpec().getVolumes());
            Set<String> volumeNames = volumes.stream().map(Volume::getName).collect(Collectors.toSet());
            for (Volume volume : volumes) {
                String where = workload.id() + " volume " + volume.getName();
                if (volume.getConfigMap() != null
                        && !configMaps.containsKey(volume.getConfigMap().getName())) {
                    violations.add(
                            where + ": no ConfigMap " + volume.getConfigMap().getName());
                }
                if (volume.getSecret() != null
                        && !secrets.containsKey(volume.getSecret().getSecretName())) {
                    violations.add(where + ": no Secret " + volume.getSecret().getSecretName());
                }
                if (volume.getPersistentVolumeClaim() != null
                        && !claims.containsKey(volume.getPersistentVolumeClaim().getClaimName())) {
                    violations.add(where + ": no PersistentVolumeClaim "
                            + volume.getPersistentVolumeClaim().getClaimName());
                }
            }
            for (Container container : workload.containers()) {
                String where = workload.id() + " container " + container.getName();
                for (VolumeMount mount : list(container.getVolumeMounts())) {
                    if (!volumeNames.contains(mount.getName())
                            && !workload.claimTemplates().contains(mount.getName())) {
                        violations.add(where + ": mounts " + mount.getName() + ", which is no volume of the pod");
                    }
                }
                for (EnvFromSource from : list(container.getEnvFrom())) {
                    if (from.getConfigMapRef() != null
                            && !Boolean.TRUE.equals(from.getConfigMapRef().getOptional())
                            && !configMaps.containsKey(from.getConfigMapRef().getName())) {
                        violations.add(where + ": no ConfigMap "
                                + from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null
                            && !Boolean.TRUE.equals(from.getSecretRef().getOptional())
                            && !secrets.containsKey(from.getSecretRef().getName())) {
                        violations.add(
                                where + ": no Secret " + from.getSecretRef().getName());
                    }
                }
                for (EnvVar env : list(container.getEnv())) {
                    if (env.getValueFrom() == null) {
                        continue;
                    }
                    var secretKey = env.getValueFrom().getSecretKeyRef();
                    if (secretKey != null && !Boolean.TRUE.equals(secretKey.getOptional())) {
                        Secret secret = secrets.get(secretKey.getName());
                        if (secret == null
                                || !keys(secret.getData(), secret.getStringData())
                                        .contains(secretKey.getKey())) {
                            violations.add(where + ": env " + env.getName() + " wants key " + secretKey.getKey()
                                    + " of Secret " + secretKey.getName() + ", which the overlay does not hold");
                        }
                    }
                    var configKey = env.getValueFrom().getConfigMapKeyRef();
                    if (configKey != null && !Boolean.TRUE.equals(configKey.getOptional())) {
                        ConfigMap configMap = configMaps.get(configKey.getName());
                        if (configMap == null
                                || !keys(configMap.getData(), null).contains(configKey.getKey())) {
                            violations.add(where + ": env " + env.getName() + " wants key " + configKey.getKey()
                                    + " of ConfigMap " + configKey.getName() + ", which the overlay does not hold");
                        }
                    }
                }
            }
        }
        return violations;
    }

    /** Every Service selects pods of the overlay on ports they have; every StatefulSet's service exists. */
    static List<String> servicesReachPods(List<HasMetadata> objects) {
        List<String> violations = new ArrayList<>();
        List<Workload> workloads = workloads(objects);
        Map<String, Service> services = byName(ofKind(objects, Service.class));
        for (Service service : services.values()) {
            String name = "Service " + service.getMetadata().getName();
            Map<String, String> selector = service.getSpec().getSelector();
            List<Workload> selected = selector == null || selector.isEmpty()
                    ? List.of()
                    : workloads.stream()
                            .filter(w -> w.labels().entrySet().containsAll(selector.entrySet()))
                            .toList();
            if (selected.isEmpty()) {
                violations.add(name + ": selects no pod of the overlay");
                continue;
            }
            for (ServicePort port : list(service.getSpec().getPorts())) {
                IntOrString target =
                        port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
                for (Workload workload : selected) {
                    boolean served = list(workload.template().getSpec().getContainers()).stream()
                            .anyMatch(c -> target.getIntVal() != null
                                    ? list(c.getPorts()).stream()
                                            .anyMatch(p -> target.getIntVal().equals(p.getContainerPort()))
                                    : containerPort(c, target) != null);
                    if (!served) {
                        violations.add(
                                name + " port " + port.getName() + ": " + workload.id() + " has no container port "
                                        + (target.getIntVal() != null ? target.getIntVal() : target.getStrVal()));
                    }
                }
            }
        }
        for (StatefulSet statefulSet : ofKind(objects, StatefulSet.class)) {
            if (!services.containsKey(statefulSet.getSpec().getServiceName())) {
                violations.add("StatefulSet " + statefulSet.getMetadata().getName() + ": its service "
                        + statefulSet.getSpec().getServiceName() + " is not in the overlay");
            }
        }
        return violations;
    }

    /** Whether a label selector selects pods with these labels; an empty selector selects every pod. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> matchLabels = selector.getMatchLabels();
        if (matchLabels != null && !labels.entrySet().containsAll(matchLabels.entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement requirement : list(selector.getMatchExpressions())) {
            String value = labels.get(requirement.getKey());
            boolean ok = switch (requirement.getOperator()) {
                case "In" -> value != null && list(requirement.getValues()).contains(value);
                case "NotIn" -> value == null || !list(requirement.getValues()).contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean empty(LabelSelector selector) {
        return selector == null
                || ((selector.getMatchLabels() == null
                                || selector.getMatchLabels().isEmpty())
                        && list(selector.getMatchExpressions()).isEmpty());
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    private static <T extends HasMetadata> Map<String, T> byName(List<T> objects) {
        return objects.stream().collect(Collectors.toMap(o -> o.getMetadata().getName(), o -> o, (a, b) -> a));
    }

    private static Set<String> keys(Map<String, String> data, Map<String, String> stringData) {
        return Stream.of(data, stringData)
                .filter(Objects::nonNull)
                .flatMap(m -> m.keySet().stream())
                .collect(Collectors.toSet());
    }

    static <T> List<T> list(Collection<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }
}
