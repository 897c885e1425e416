terraform {
  # Optional object attributes with defaults (optional(type, default)) need 1.3.
  required_version = ">= 1.3"

  required_providers {
    # Builds the overlay with kustomize inside Terraform and applies each object server-side.
    kustomization = {
      source  = "kbst/kustomization"
      version = "~> 0.9"
    }
    # The namespace, which the overlays expect to exist.
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = "~> 2.35"
    }
  }
}
