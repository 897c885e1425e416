output "namespace" {
  description = "The namespace Atrium runs in."
  value       = var.namespace
}

output "service_urls" {
  description = "Atrium's Services inside the cluster, by role (server for the single node). Put an ingress or gateway in front: writes to command, reads and POST /sdk/v1/manifest to query (a host app's lookups always to the same pod), /api/v1/admin/projections to projections (ops/README.md)."
  value = local.cluster ? {
    command     = "http://atrium-command.${var.namespace}.svc.cluster.local:8080"
    projections = "http://atrium-projections.${var.namespace}.svc.cluster.local:8080"
    query       = "http://atrium-query.${var.namespace}.svc.cluster.local:8080"
    } : {
    server = "http://atrium.${var.namespace}.svc.cluster.local:8080"
  }
}

output "store_addresses" {
  description = "Cluster overlay: where Atrium's nodes find each store, in the cluster or the external one given."
  value = local.cluster ? {
    mariadb       = var.external_mariadb == null ? "mariadb.${var.namespace}.svc.cluster.local:3306" : "${var.external_mariadb.host}:${var.external_mariadb.port}"
    kafka         = var.external_kafka == null ? "kafka-0.kafka.${var.namespace}.svc.cluster.local:9092,kafka-1.kafka.${var.namespace}.svc.cluster.local:9092,kafka-2.kafka.${var.namespace}.svc.cluster.local:9092" : var.external_kafka.bootstrap_servers
    elasticsearch = var.external_elasticsearch == null ? "http://elasticsearch.${var.namespace}.svc.cluster.local:9200" : var.external_elasticsearch.url
    kurrentdb     = var.external_kurrentdb == null ? "kurrentdb://kurrentdb-0.kurrentdb.${var.namespace}.svc.cluster.local:2113?tls=false" : var.external_kurrentdb.connection_string
  } : {}
}
