variable "overlay" {
  type        = string
  description = "Which overlay of ops/k8s to deploy: \"single-node\" (one pod, embedded stores on a volume) or \"cluster\" (command, projections and query nodes with MariaDB, Kafka, Elasticsearch and KurrentDB)."
  default     = "cluster"

  validation {
    condition     = contains(["single-node", "cluster"], var.overlay)
    error_message = "overlay is \"single-node\" or \"cluster\"."
  }
}

variable "namespace" {
  type        = string
  description = "The namespace every object goes into."
  default     = "atrium"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", var.namespace))
    error_message = "namespace is a DNS label: lower-case letters, digits and '-', at most 63 characters."
  }
}

variable "create_namespace" {
  type        = bool
  description = "Create the namespace (true) or deploy into one that exists (false)."
  default     = true
}

variable "image" {
  type        = string
  description = "The Atrium server image, with a pinned tag (never latest), e.g. ghcr.io/atrium-platform/atrium-server:0.1.0."
  default     = "ghcr.io/atrium-platform/atrium-server:0.1.0"

  validation {
    condition     = can(regex("^[^@]+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", var.image)) && !endswith(var.image, ":latest")
    error_message = "image names a registry path and a pinned tag (name:tag, not :latest)."
  }
}

variable "replicas" {
  type = object({
    command   = optional(number, 2)
    query_min = optional(number, 2)
    query_max = optional(number, 10)
  })
  description = "Cluster overlay only: command nodes, and the query nodes' autoscaling range. The projections node is always one (projections take no lease), and the single node is one."
  default     = {}

  validation {
    condition     = var.replicas.command >= 1 && var.replicas.query_min >= 1 && var.replicas.query_max >= var.replicas.query_min
    error_message = "replicas.command and replicas.query_min are at least 1, and query_max is at least query_min."
  }
}

variable "storage_class" {
  type        = string
  description = "Storage class of the ReadWriteOnce volumes (the single node's data; MariaDB, Kafka, Elasticsearch and KurrentDB). null keeps the cluster's default class."
  default     = null
}

variable "shared_storage_class" {
  type        = string
  description = "Cluster overlay only: storage class of the shared ReadWriteMany volume holding sealed packages and platform keys (NFS, CephFS, EFS, Filestore...). null keeps the cluster's default class, which must then offer ReadWriteMany."
  default     = null
}

variable "bootstrap_api_key" {
  type        = string
  description = "Cluster overlay: the first owner API key (16 to 256 visible ASCII characters); whoever holds it owns the installation. Single node: optional (null: one is generated and printed once in the pod's log)."
  default     = null
  sensitive   = true

  validation {
    condition     = var.bootstrap_api_key == null || can(regex("^[!-~]{16,256}$", var.bootstrap_api_key))
    error_message = "bootstrap_api_key is 16 to 256 visible ASCII characters."
  }
}

variable "database_password" {
  type        = string
  description = "Cluster overlay: the password of MariaDB's user atrium (the command side's tables and the read model), in the cluster's MariaDB or the external one."
  default     = null
  sensitive   = true
}

variable "mariadb_root_password" {
  type        = string
  description = "Cluster overlay with the in-cluster MariaDB: its root password."
  default     = null
  sensitive   = true
}

variable "external_mariadb" {
  type = object({
    host  = string
    port  = optional(number, 3306)
    cidrs = list(string)
  })
  description = "Cluster overlay: a MariaDB (or MySQL) of your own instead of the StatefulSet. It must hold the databases atrium_events and atrium_read (utf8mb4, utf8mb4_bin) writable by the user atrium. cidrs: where it lives, for the network policies' egress. null runs MariaDB in the cluster."
  default     = null
}

variable "external_kafka" {
  type = object({
    bootstrap_servers = string
    port              = optional(number, 9092)
    cidrs             = list(string)
  })
  description = "Cluster overlay: a Kafka of your own instead of the StatefulSet (bootstrap_servers as host:port,host:port; port the brokers' port, for the network policies). null runs Kafka in the cluster."
  default     = null
}

variable "external_elasticsearch" {
  type = object({
    url   = string
    port  = optional(number, 9200)
    cidrs = list(string)
  })
  description = "Cluster overlay: an Elasticsearch 8 of your own instead of the StatefulSet (url such as http://es.example:9200). null runs Elasticsearch in the cluster."
  default     = null
}

variable "external_kurrentdb" {
  type = object({
    connection_string = string
    port              = optional(number, 2113)
    cidrs             = list(string)
  })
  description = "Cluster overlay: a KurrentDB of your own instead of the StatefulSet (connection_string as kurrentdb://host:2113?tls=true). null runs KurrentDB in the cluster."
  default     = null
}
