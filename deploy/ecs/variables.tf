variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "eu-west-1"
  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an AWS region name such as eu-west-1."
  }
}

variable "name" {
  description = "Name prefix of every resource (one stack per name): 2 to 16 lowercase letters, digits and inner hyphens, so every derived name (target groups: 32 characters at most) stays valid."
  type        = string
  default     = "colortracking"
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,14}[a-z0-9]$", var.name)) && !strcontains(var.name, "--")
    error_message = "name must be 2 to 16 characters: lowercase letters, digits and single inner hyphens, starting with a letter."
  }
}

variable "vpc_id" {
  description = "VPC to deploy into."
  type        = string
  validation {
    condition     = can(regex("^vpc-[0-9a-f]+$", var.vpc_id))
    error_message = "vpc_id must be a VPC id (vpc-...)."
  }
}

variable "public_subnet_ids" {
  description = "Subnets of the load balancer (at least two availability zones)."
  type        = list(string)
  validation {
    condition     = length(var.public_subnet_ids) >= 2 && alltrue([for id in var.public_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "public_subnet_ids must be at least two subnet ids (subnet-...), in different availability zones."
  }
}

variable "private_subnet_ids" {
  description = "Subnets of the tasks, MSK and RDS, each in its own availability zone: two or three (MSK puts one broker in each)."
  type        = list(string)
  validation {
    condition     = contains([2, 3], length(var.private_subnet_ids)) && alltrue([for id in var.private_subnet_ids : can(regex("^subnet-[0-9a-f]+$", id))])
    error_message = "private_subnet_ids must be two or three subnet ids (subnet-...), each in its own availability zone."
  }
}

variable "private_route_table_ids" {
  description = "Route tables of the private subnets, for the S3 gateway endpoint (image layers from ECR come from S3). Empty: no S3 endpoint; the VPC's NAT gateway must reach S3."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for id in var.private_route_table_ids : can(regex("^rtb-[0-9a-f]+$", id))])
    error_message = "private_route_table_ids must be route table ids (rtb-...)."
  }
}

variable "vpc_endpoints" {
  description = "Create interface endpoints (ECR, Secrets Manager, CloudWatch Logs) so tasks in private subnets start without a NAT gateway. Off: the VPC's NAT gateway must reach them (and any registry outside ECR)."
  type        = bool
  default     = true
}

variable "images" {
  description = "Image of each component (push the images built from the Dockerfiles first)."
  type = object({
    ingest_service    = string
    counter_service   = string
    broadcast_service = string
    gateway           = string
  })
  validation {
    condition     = alltrue([for image in values(var.images) : length(trimspace(image)) > 0])
    error_message = "images must name an image for every component."
  }
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
  validation {
    condition     = startswith(var.msk_instance_type, "kafka.")
    error_message = "msk_instance_type must be an MSK broker type (kafka....)."
  }
}

variable "msk_kafka_version" {
  description = "Kafka version of the created MSK cluster: 4.x, as everywhere else the platform runs (KRaft). See aws kafka list-kafka-versions for your region."
  type        = string
  default     = "4.1.x"
  validation {
    condition     = can(regex("^4\\.[0-9]+\\.", var.msk_kafka_version))
    error_message = "msk_kafka_version must be a Kafka 4 version (4.1.x, ...): the services and their tests run on Kafka 4."
  }
}

variable "db_instance_class" {
  description = "RDS PostgreSQL instance class."
  type        = string
  default     = "db.t4g.medium"
  validation {
    condition     = startswith(var.db_instance_class, "db.")
    error_message = "db_instance_class must be an RDS instance class (db....)."
  }
}

variable "db_multi_az" {
  description = "Whether RDS keeps a standby in a second availability zone."
  type        = bool
  default     = true
}

variable "admin_token_secret_arn" {
  description = "ARN of the Secrets Manager secret (a plain string) holding counter-service's ADMIN_TOKEN."
  type        = string
  validation {
    condition     = can(regex("^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+", var.admin_token_secret_arn))
    error_message = "admin_token_secret_arn must be the ARN of a Secrets Manager secret."
  }
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the load balancer (port 80 then redirects to 443). Empty: HTTP only (port 80)."
  type        = string
  default     = ""
  validation {
    condition     = var.certificate_arn == "" || can(regex("^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/.+", var.certificate_arn))
    error_message = "certificate_arn must be empty or the ARN of an ACM certificate."
  }
}

variable "desired_count" {
  description = "Tasks per service at start; ingest and broadcast then scale between their min and max. Two or more keep counting within 10 s of a counter task dying (the other takes its partitions)."
  type        = number
  default     = 2
  validation {
    condition     = var.desired_count >= 1 && floor(var.desired_count) == var.desired_count
    error_message = "desired_count must be a whole number of at least 1."
  }
}

variable "max_count" {
  description = "Most tasks ingest-service and broadcast-service scale out to."
  type        = number
  default     = 10
  validation {
    condition     = var.max_count >= var.desired_count
    error_message = "max_count must be at least desired_count."
  }
}

variable "topic_partitions" {
  description = "Partitions of the topics the services create at start."
  type        = number
  default     = 6
  validation {
    condition     = var.topic_partitions >= 1 && floor(var.topic_partitions) == var.topic_partitions
    error_message = "topic_partitions must be a whole number of at least 1."
  }
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps the services' logs, and S3 the load balancer's access logs."
  type        = number
  default     = 30
  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...)."
  }
}

variable "otlp_endpoint" {
  description = "An OpenTelemetry collector's OTLP gRPC endpoint (http://host:4317) for the services' traces, e.g. an ADOT collector. Empty: no traces."
  type        = string
  default     = ""
  validation {
    condition     = var.otlp_endpoint == "" || can(regex("^https?://[^/]+(:[0-9]+)?/?$", var.otlp_endpoint))
    error_message = "otlp_endpoint must be empty or a URL such as http://collector:4317."
  }
}
