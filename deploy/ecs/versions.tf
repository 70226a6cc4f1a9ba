terraform {
  # 1.9: validations that refer to other variables; `terraform test` with mock providers
  required_version = ">= 1.9"
  # Remote state in S3 with S3's own lock file (Terraform 1.10+): the bucket, key and region come
  # from a file you keep beside it (backend.hcl.example; deploy/README.md):
  #   terraform init -backend-config=backend.hcl
  backend "s3" {}
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      Project = "color-tracking"
      Stack   = var.name
    }
  }
}
