locals {
  cluster = var.overlay == "cluster"

  # The image as the overlays name it, and what it becomes.
  overlay_image = "ghcr.io/atrium-platform/atrium-server"
  image_parts   = regex("^(.+):([^:/]+)$", var.image)

  # Each in-cluster store, what replaces it when an external one is given, and which roles call it.
  stores = {
    mariadb = {
      external = var.external_mariadb
      services = ["mariadb"]
      budget   = false
      roles    = ["command", "projections", "query"]
      port     = var.external_mariadb == null ? 3306 : var.external_mariadb.port
      cidrs    = var.external_mariadb == null ? [] : var.external_mariadb.cidrs
      settings = var.external_mariadb == null ? [] : [
        "ATRIUM_EVENT_STORE_URL=jdbc:mariadb://${var.external_mariadb.host}:${var.external_mariadb.port}/atrium_events",
        "ATRIUM_READ_MODEL_HOST=${var.external_mariadb.host}",
        "ATRIUM_READ_MODEL_PORT=${var.external_mariadb.port}",
      ]
    }
    kafka = {
      external = var.external_kafka
      services = ["kafka"]
      budget   = true
      roles    = ["command", "projections", "query"]
      port     = var.external_kafka == null ? 9092 : var.external_kafka.port
      cidrs    = var.external_kafka == null ? [] : var.external_kafka.cidrs
      settings = var.external_kafka == null ? [] : [
        "ATRIUM_KAFKA_BOOTSTRAP_SERVERS=${var.external_kafka.bootstrap_servers}",
      ]
    }
    elasticsearch = {
      external = var.external_elasticsearch
      services = ["elasticsearch", "elasticsearch-nodes"]
      budget   = true
      roles    = ["projections", "query"]
      port     = var.external_elasticsearch == null ? 9200 : var.external_elasticsearch.port
      cidrs    = var.external_elasticsearch == null ? [] : var.external_elasticsearch.cidrs
      settings = var.external_elasticsearch == null ? [] : [
        "ATRIUM_SEARCH_ELASTICSEARCH_URL=${var.external_elasticsearch.url}",
      ]
    }
    kurrentdb = {
      external = var.external_kurrentdb
      services = ["kurrentdb"]
      budget   = true
      roles    = ["command", "projections"]
      port     = var.external_kurrentdb == null ? 2113 : var.external_kurrentdb.port
      cidrs    = var.external_kurrentdb == null ? [] : var.external_kurrentdb.cidrs
      settings = var.external_kurrentdb == null ? [] : [
        "ATRIUM_EVENT_STORE_KURRENTDB_CONNECTION_STRING=${var.external_kurrentdb.connection_string}",
      ]
    }
  }
  # Filtered rather than "cluster ? {...} : {}": the stores' objects differ in type, so the two
  # branches of a conditional would not unify.
  external_stores = { for name, store in local.stores : name => store if local.cluster && store.external != null }
  internal_stores = [for name, store in local.stores : name if local.cluster && store.external == null]

  settings = flatten([for store in values(local.external_stores) : store.settings])

  # An external store: its StatefulSet, Services, budget and network policy leave the overlay...
  removals = flatten([
    for name, store in local.external_stores : concat(
      [{ api_version = "apps/v1", kind = "StatefulSet", name = name }],
      [for service in store.services : { api_version = "v1", kind = "Service", name = service }],
      store.budget ? [{ api_version = "policy/v1", kind = "PodDisruptionBudget", name = name }] : [],
      [{ api_version = "networking.k8s.io/v1", kind = "NetworkPolicy", name = name }],
    )
  ])
  removal_patches = [
    for removal in local.removals : {
      target = null
      patch  = yamlencode({ apiVersion = removal.api_version, kind = removal.kind, metadata = { name = removal.name }, "$patch" = "delete" })
    }
  ]

  # ...and the roles that call it may reach its addresses instead.
  egress_patches = flatten([
    for name, store in local.external_stores : [
      for role in store.roles : {
        target = { group = "networking.k8s.io", version = "v1", kind = "NetworkPolicy", name = "atrium-${role}" }
        patch = yamlencode([{
          op   = "add"
          path = "/spec/egress/-"
          value = {
            to    = [for cidr in store.cidrs : { ipBlock = { cidr = cidr } }]
            ports = [{ port = store.port, protocol = "TCP" }]
          }
        }])
      }
    ]
  ])

  # Storage classes: the one volume of the single node; each in-cluster store's claim template and
  # the shared volume in the cluster.
  storage_patches = concat(
    !local.cluster && var.storage_class != null ? [{
      target = null
      patch  = yamlencode({ apiVersion = "v1", kind = "PersistentVolumeClaim", metadata = { name = "atrium-data" }, spec = { storageClassName = var.storage_class } })
    }] : [],
    local.cluster && var.shared_storage_class != null ? [{
      target = null
      patch  = yamlencode({ apiVersion = "v1", kind = "PersistentVolumeClaim", metadata = { name = "atrium-shared" }, spec = { storageClassName = var.shared_storage_class } })
    }] : [],
    [for name in(var.storage_class == null ? [] : local.internal_stores) : {
      target = { group = "apps", version = "v1", kind = "StatefulSet", name = name }
      patch  = yamlencode([{ op = "add", path = "/spec/volumeClaimTemplates/0/spec/storageClassName", value = var.storage_class }])
    }],
  )

  # The query nodes' autoscaling range.
  autoscaling_patches = local.cluster ? [{
    target = { group = "autoscaling", version = "v2", kind = "HorizontalPodAutoscaler", name = "atrium-query" }
    patch = yamlencode([
      { op = "replace", path = "/spec/minReplicas", value = var.replicas.query_min },
      { op = "replace", path = "/spec/maxReplicas", value = var.replicas.query_max },
    ])
  }] : []

  # Whether a key was given says nothing secret: unmarked, so that for_each may depend on it.
  bootstrap_key_given = nonsensitive(var.bootstrap_api_key != null)

  # The single node reads a bootstrap key only when one is given.
  single_node_key_patches = !local.cluster && local.bootstrap_key_given ? [{
    target = { group = "apps", version = "v1", kind = "Deployment", name = "atrium" }
    patch  = yamlencode([{ op = "add", path = "/spec/template/spec/containers/0/envFrom/-", value = { secretRef = { name = "atrium-keys" } } }])
  }] : []

  patches = concat(local.removal_patches, local.egress_patches, local.storage_patches, local.autoscaling_patches, local.single_node_key_patches)

  # The query nodes' count is the autoscaler's (its range above), never set here: a count would reset
  # it on every apply.
  replica_counts = local.cluster ? {
    "atrium-command" = var.replicas.command
  } : {}

  # The names are not secret; the values are, and stay out of every for_each.
  cluster_secret_names = local.cluster ? ["atrium-keys", "mariadb-root"] : []
  cluster_secrets = {
    "atrium-keys" = [
      "ATRIUM_BOOTSTRAP_API_KEY=${coalesce(var.bootstrap_api_key, "unset")}",
      "ATRIUM_EVENT_STORE_PASSWORD=${coalesce(var.database_password, "unset")}",
      "ATRIUM_READ_MODEL_PASSWORD=${coalesce(var.database_password, "unset")}",
    ]
    "mariadb-root" = ["MARIADB_ROOT_PASSWORD=${coalesce(var.mariadb_root_password, "unset")}"]
  }
}

resource "kubernetes_namespace_v1" "atrium" {
  count = var.create_namespace ? 1 : 0

  metadata {
    name = var.namespace
    labels = {
      "app.kubernetes.io/part-of" = "atrium"
      # Every pod of both overlays meets Pod Security's "restricted" level; the API server enforces it.
      "pod-security.kubernetes.io/enforce" = "restricted"
    }
  }
}

data "kustomization_overlay" "atrium" {
  resources = ["${path.module}/../k8s/${var.overlay}"]
  namespace = var.namespace

  images {
    name     = local.overlay_image
    new_name = local.image_parts[0]
    new_tag  = local.image_parts[1]
  }

  dynamic "replicas" {
    for_each = local.replica_counts
    content {
      name  = replicas.key
      count = replicas.value
    }
  }

  dynamic "config_map_generator" {
    for_each = length(local.settings) > 0 ? ["atrium-settings"] : []
    content {
      name     = config_map_generator.value
      behavior = "merge"
      literals = local.settings
    }
  }

  # The overlay's placeholders replaced by the values given here.
  dynamic "secret_generator" {
    for_each = local.cluster_secret_names
    content {
      name     = secret_generator.value
      behavior = "merge"
      type     = "Opaque"
      literals = local.cluster_secrets[secret_generator.value]
    }
  }

  dynamic "secret_generator" {
    for_each = !local.cluster && local.bootstrap_key_given ? ["atrium-keys"] : []
    content {
      name     = secret_generator.value
      type     = "Opaque"
      literals = ["ATRIUM_BOOTSTRAP_API_KEY=${var.bootstrap_api_key}"]
    }
  }

  dynamic "patches" {
    for_each = local.patches
    content {
      patch  = patches.value.patch
      target = patches.value.target
    }
  }

  lifecycle {
    precondition {
      condition     = !local.cluster || (local.bootstrap_key_given && nonsensitive(var.database_password != null))
      error_message = "The cluster overlay needs bootstrap_api_key and database_password."
    }
    precondition {
      condition     = !local.cluster || var.external_mariadb != null || nonsensitive(var.mariadb_root_password != null)
      error_message = "The cluster overlay with the in-cluster MariaDB needs mariadb_root_password."
    }
    precondition {
      condition     = local.cluster || (var.external_mariadb == null && var.external_kafka == null && var.external_elasticsearch == null && var.external_kurrentdb == null)
      error_message = "External databases are for the cluster overlay; the single node keeps everything embedded."
    }
  }
}

# Applied in kustomize's priority order: namespaces and CRDs, then everything else, then webhooks.
resource "kustomization_resource" "p0" {
  for_each = data.kustomization_overlay.atrium.ids_prio[0]

  manifest = data.kustomization_overlay.atrium.manifests[each.value]

  depends_on = [kubernetes_namespace_v1.atrium]
}

resource "kustomization_resource" "p1" {
  for_each = data.kustomization_overlay.atrium.ids_prio[1]

  # Secrets stay out of plan output.
  manifest = (
    contains(["_/Secret"], regex("(?P<group_kind>.*/.*)/.*/.*", each.value)["group_kind"])
    ? sensitive(data.kustomization_overlay.atrium.manifests[each.value])
    : data.kustomization_overlay.atrium.manifests[each.value]
  )
  # Wait for Deployments and StatefulSets to roll out, so an apply that "succeeds" runs.
  wait = true
  timeouts {
    create = "15m"
    update = "15m"
  }

  depends_on = [kustomization_resource.p0, kubernetes_namespace_v1.atrium]
}

resource "kustomization_resource" "p2" {
  for_each = data.kustomization_overlay.atrium.ids_prio[2]

  manifest = data.kustomization_overlay.atrium.manifests[each.value]

  depends_on = [kustomization_resource.p1]
}
