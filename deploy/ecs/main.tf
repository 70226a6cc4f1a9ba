# Color Tracking on ECS Fargate: the three services and the gateway behind one load balancer,
# Kafka on Amazon MSK (or an existing cluster), PostgreSQL on RDS, secrets from Secrets Manager,
# logs in CloudWatch. See README.md.

locals {
  kafka_bootstrap = var.kafka_bootstrap_servers != "" ? var.kafka_bootstrap_servers : aws_msk_cluster.kafka[0].bootstrap_brokers

  kafka_environment = {
    KAFKA_BOOTSTRAP_SERVERS                 = local.kafka_bootstrap
    COLORTRACKING_TOPICS_PARTITIONS         = tostring(var.topic_partitions)
    COLORTRACKING_TOPICS_REPLICATION_FACTOR = tostring(local.kafka_replication)
    # ECS takes a task out of its target group and drains it (deregistration_delay) before the
    # SIGTERM, so the services need no delay of their own; requests in flight get 20 s, within
    # the container's stop timeout (30 s)
    QUARKUS_SHUTDOWN_DELAY = "0s"
    # JSON logs (CloudWatch Logs Insights reads their fields); traces when an OTLP collector is named
    QUARKUS_LOG_CONSOLE_JSON_ENABLED    = "true"
    QUARKUS_OTEL_SDK_DISABLED           = var.otlp_endpoint == "" ? "true" : "false"
    QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT = var.otlp_endpoint == "" ? "http://127.0.0.1:4317" : var.otlp_endpoint
  }

  # every component: its port, health path (liveness: ECS replaces a task that fails its checks,
  # and a service that is up but waiting for Kafka or PostgreSQL must not be restarted for it),
  # serving path (the load balancer's check: only what the service needs for its answers, so a
  # Kafka outage leaves ingest answering its own 503 + Retry-After), size, and what it reads from its environment besides
  # the Kafka settings above (when it uses Kafka). The names are those of the services' own
  # configuration; a test checks them, the ports and the health paths against compose and Kubernetes.
  components = {
    "ingest-service" = {
      image        = var.images.ingest_service
      port         = 8081
      health_path  = "/q/health/live"
      serving_path = "/q/health/group/serving"
      cpu          = 512
      memory       = 1024
      uses_kafka   = true
      environment  = {}
      secrets      = {}
    }
    "counter-service" = {
      image        = var.images.counter_service
      port         = 8082
      health_path  = "/q/health/live"
      serving_path = "/q/health/group/serving"
      cpu          = 512
      memory       = 1024
      uses_kafka   = true
      environment = {
        # TLS to the database (RDS refuses plain connections: rds.force_ssl)
        QUARKUS_DATASOURCE_JDBC_URL = "jdbc:postgresql://${aws_db_instance.postgres.address}:5432/colortracking?sslmode=require"
        # empty: dynamic group membership (Fargate replaces a failed task, it never restarts one in place)
        COLORTRACKING_CONSUMER_INSTANCE_ID = ""
        # empty: the local demo key gets no read token (only ./run.sh and compose give it demo-read)
        DEMO_READ_TOKEN = ""
      }
      secrets = {
        QUARKUS_DATASOURCE_USERNAME = "${aws_db_instance.postgres.master_user_secret[0].secret_arn}:username::"
        QUARKUS_DATASOURCE_PASSWORD = "${aws_db_instance.postgres.master_user_secret[0].secret_arn}:password::"
        ADMIN_TOKEN                 = var.admin_token_secret_arn
      }
    }
    "broadcast-service" = {
      image        = var.images.broadcast_service
      port         = 8083
      health_path  = "/q/health/live"
      serving_path = "/q/health/group/serving"
      cpu          = 512
      memory       = 1024
      uses_kafka   = true
      environment  = {}
      secrets      = {}
    }
    "gateway" = {
      image        = var.images.gateway
      port         = 8080
      health_path  = "/healthz"
      serving_path = "/healthz"
      cpu          = 256
      memory       = 512
      uses_kafka   = false
      environment = {
        INGEST_UPSTREAM    = "ingest-service.${var.name}.local:8081"
        COUNTER_UPSTREAM   = "counter-service.${var.name}.local:8082"
        BROADCAST_UPSTREAM = "broadcast-service.${var.name}.local:8083"
      }
      secrets = {}
    }
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "component" {
  for_each          = local.components
  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
}

# the gateway finds the services by name (ECS Service Connect is an alternative)
resource "aws_service_discovery_private_dns_namespace" "this" {
  name = "${var.name}.local"
  vpc  = var.vpc_id
}

resource "aws_service_discovery_service" "component" {
  for_each = local.components
  name     = each.key
  dns_config {
    namespace_id = aws_service_discovery_private_dns_namespace.this.id
    dns_records {
      type = "A"
      ttl  = 10
    }
  }
  health_check_custom_config {
    failure_threshold = 1
  }
}
