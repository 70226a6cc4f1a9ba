variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name prefix of every resource (one stack per name)."
  type        = string
  default     = "colortracking"
}

variable "vpc_id" {
  description = "VPC to deploy into."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the load balancer (at least two availability zones)."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks, MSK and RDS (at least two availability zones; three for MSK)."
  type        = list(string)
}

variable "images" {
  description = "Image of each component (push the images built from the Dockerfiles first)."
  type = object({
    ingest_service    = string
    counter_service   = string
    broadcast_service = string
    gateway           = string
  })
}

variable "kafka_bootstrap_servers" {
  description = "An existing Kafka's bootstrap servers (host:port,...). Empty: an Amazon MSK cluster is created."
  type        = string
  default     = ""
}

variable "msk_instance_type" {
  description = "Broker instance type of the created MSK cluster."
  type        = string
  default     = "kafka.m7g.large"
}

variable "db_instance_class" {
  description = "RDS PostgreSQL instance class."
  type        = string
  default     = "db.t4g.medium"
}

variable "db_multi_az" {
  description = "Whether RDS keeps a standby in a second availability zone."
  type        = bool
  default     = true
}

variable "admin_token_secret_arn" {
  description = "ARN of the Secrets Manager secret (a plain string) holding counter-service's ADMIN_TOKEN."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the load balancer. Empty: HTTP only (port 80)."
  type        = string
  default     = ""
}

variable "desired_count" {
  description = "Tasks per service at start; ingest and broadcast then scale between their min and max."
  type        = number
  default     = 2
}

variable "max_count" {
  description = "Most tasks ingest-service and broadcast-service scale out to."
  type        = number
  default     = 10
}

variable "topic_partitions" {
  description = "Partitions of the topics the services create at start."
  type        = number
  default     = 6
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the services' logs."
  type        = number
  default     = 30
}
