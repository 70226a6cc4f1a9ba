# The stack planned and applied against a mocked AWS provider (no account, no credentials):
#   terraform init -backend=false && terraform test      (deploy/check.sh runs it)
# It checks what a plan alone would not show as wrong: names AWS would refuse, the broker count
# and replication for two or three subnets, HTTPS with its redirect, TLS to the database, the
# access logs, the endpoints, and that bad input is refused by the variables' validation.

# computed values the provider checks (ARNs) get well-formed mock values
mock_provider "aws" {
  mock_resource "aws_lb" {
    defaults = {
      arn      = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/colortracking/0123456789abcdef"
      dns_name = "colortracking-123456789.eu-west-1.elb.amazonaws.com"
    }
  }
  mock_resource "aws_lb_target_group" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/colortracking/0123456789abcdef"
    }
  }
  mock_resource "aws_lb_listener" {
    defaults = {
      arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/colortracking/0123456789abcdef/0000000000000080"
    }
  }
  mock_resource "aws_msk_configuration" {
    defaults = {
      arn = "arn:aws:kafka:eu-west-1:123456789012:configuration/colortracking/0f0f0f0f-0000-4000-8000-000000000000-1"
    }
  }
  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/colortracking"
    }
  }
  mock_resource "aws_service_discovery_service" {
    defaults = {
      arn = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0123456789abcdef"
    }
  }
  mock_resource "aws_ecs_task_definition" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/colortracking:1"
    }
  }
  mock_resource "aws_ecs_cluster" {
    defaults = {
      arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/colortracking"
      id  = "arn:aws:ecs:eu-west-1:123456789012:cluster/colortracking"
    }
  }
  mock_resource "aws_s3_bucket" {
    defaults = {
      arn = "arn:aws:s3:::colortracking-alb-logs-0123"
      id  = "colortracking-alb-logs-0123"
    }
  }
  mock_data "aws_elb_service_account" {
    defaults = {
      arn = "arn:aws:iam::156460612806:root"
    }
  }
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }
  mock_resource "aws_db_instance" {
    defaults = {
      address = "colortracking.abcdefghijkl.eu-west-1.rds.amazonaws.com"
      master_user_secret = [{
        secret_arn    = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-0123"
        kms_key_id    = "alias/aws/secretsmanager"
        secret_status = "active"
      }]
    }
  }
  mock_resource "aws_msk_cluster" {
    defaults = {
      bootstrap_brokers = "b-1.colortracking.kafka.eu-west-1.amazonaws.com:9092,b-2.colortracking.kafka.eu-west-1.amazonaws.com:9092"
    }
  }
}

variables {
  vpc_id             = "vpc-0123456789abcdef0"
  public_subnet_ids  = ["subnet-0a0a0a0a", "subnet-0b0b0b0b"]
  private_subnet_ids = ["subnet-1a1a1a1a", "subnet-1b1b1b1b", "subnet-1c1c1c1c"]
  images = {
    ingest_service    = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/ingest-service:0.1.0"
    counter_service   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/counter-service:0.1.0"
    broadcast_service = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/broadcast-service:0.1.0"
    gateway           = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/gateway:0.1.0"
  }
  admin_token_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:colortracking-admin-AbCdEf"
}

run "defaults_with_three_subnets" {
  command = apply

  assert {
    condition     = alltrue([for group in aws_lb_target_group.component : length(group.name) <= 32 && !endswith(group.name, "-")])
    error_message = "a target group name AWS would refuse"
  }
  assert {
    condition     = aws_msk_cluster.kafka[0].number_of_broker_nodes == 3 && aws_msk_cluster.kafka[0].kafka_version == "4.1.x"
    error_message = "three brokers on Kafka 4.1 expected"
  }
  assert {
    condition     = strcontains(aws_msk_configuration.kafka[0].server_properties, "default.replication.factor=3") && strcontains(aws_msk_configuration.kafka[0].server_properties, "min.insync.replicas=2")
    error_message = "replication 3 with two in sync expected"
  }
  assert {
    condition     = strcontains(jsondecode(aws_ecs_task_definition.component["counter-service"].container_definitions)[0].environment[index(jsondecode(aws_ecs_task_definition.component["counter-service"].container_definitions)[0].environment[*].name, "QUARKUS_DATASOURCE_JDBC_URL")].value, "sslmode=require")
    error_message = "counter-service must reach the database over TLS"
  }
  assert {
    condition     = one([for p in aws_db_parameter_group.postgres.parameter : p.value if p.name == "rds.force_ssl"]) == "1"
    error_message = "the database must refuse plain connections"
  }
  assert {
    condition     = aws_lb.this.access_logs[0].enabled && aws_lb.this.access_logs[0].bucket == aws_s3_bucket.alb_logs.id
    error_message = "the load balancer writes access logs to its bucket"
  }
  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "forward" && length(aws_lb_listener.https) == 0
    error_message = "without a certificate: HTTP only"
  }
  assert {
    condition     = toset(keys(aws_vpc_endpoint.interface)) == toset(["ecr.api", "ecr.dkr", "secretsmanager", "logs"]) && length(aws_vpc_endpoint.s3) == 0
    error_message = "interface endpoints for ECR, Secrets Manager and Logs; no S3 endpoint without route tables"
  }
  assert {
    condition     = alltrue([for group in aws_lb_target_group.component : group.health_check[0].path != "/q/health/live"])
    error_message = "the load balancer asks the serving group (or the gateway's /healthz), not liveness"
  }
}

run "two_subnets_two_brokers" {
  command = apply
  variables {
    private_subnet_ids      = ["subnet-1a1a1a1a", "subnet-1b1b1b1b"]
    private_route_table_ids = ["rtb-0a0a0a0a"]
  }

  assert {
    condition     = aws_msk_cluster.kafka[0].number_of_broker_nodes == 2 && length(aws_msk_cluster.kafka[0].broker_node_group_info[0].client_subnets) == 2
    error_message = "one broker per subnet"
  }
  assert {
    condition     = strcontains(aws_msk_configuration.kafka[0].server_properties, "default.replication.factor=2") && strcontains(aws_msk_configuration.kafka[0].server_properties, "min.insync.replicas=1")
    error_message = "two brokers: replication 2, one in sync"
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.component["ingest-service"].container_definitions)[0].environment, { name = "COLORTRACKING_TOPICS_REPLICATION_FACTOR", value = "2" })
    error_message = "the services create their topics with the replication the brokers allow"
  }
  assert {
    condition     = length(aws_vpc_endpoint.s3) == 1
    error_message = "an S3 gateway endpoint on the given route tables"
  }
}

run "https_redirects_http" {
  command = apply
  override_resource {
    target = aws_lb_listener.https
    values = {
      arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/colortracking/0123456789abcdef/0000000000000443"
    }
  }
  variables {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/0f0f0f0f-0000-4000-8000-000000000000"
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "port 80 redirects to HTTPS"
  }
  assert {
    condition     = aws_lb_listener.https[0].port == 443 && aws_lb_listener.https[0].ssl_policy == "ELBSecurityPolicy-TLS13-1-2-2021-06"
    error_message = "HTTPS on 443 with TLS 1.2/1.3"
  }
  assert {
    condition     = alltrue([for rule in aws_lb_listener_rule.route : rule.listener_arn == aws_lb_listener.https[0].arn])
    error_message = "the routes hang on the HTTPS listener"
  }
}

run "longest_name_fits" {
  command = plan
  variables {
    name = "abcdefghijklmnop"
  }

  assert {
    condition     = aws_lb_target_group.component["broadcast-service"].name == "abcdefghijklmnop-broadcast"
    error_message = "the longest name gives valid target group names"
  }
}

run "name_too_long" {
  command = plan
  variables {
    name = "abcdefghijklmnopq"
  }
  expect_failures = [var.name]
}

run "name_ending_in_a_hyphen" {
  command = plan
  variables {
    name = "colortracking-"
  }
  expect_failures = [var.name]
}

run "four_private_subnets" {
  command = plan
  variables {
    private_subnet_ids = ["subnet-1a1a1a1a", "subnet-1b1b1b1b", "subnet-1c1c1c1c", "subnet-1d1d1d1d"]
  }
  expect_failures = [var.private_subnet_ids]
}

run "kafka_3" {
  command = plan
  variables {
    msk_kafka_version = "3.9.x"
  }
  expect_failures = [var.msk_kafka_version]
}

run "fewer_tasks_at_most_than_at_start" {
  command = plan
  variables {
    desired_count = 4
    max_count     = 3
  }
  expect_failures = [var.max_count]
}

run "not_a_secret_arn" {
  command = plan
  variables {
    admin_token_secret_arn = "colortracking-admin"
  }
  expect_failures = [var.admin_token_secret_arn]
}

run "no_endpoints" {
  command = plan
  variables {
    vpc_endpoints = false
  }

  assert {
    condition     = length(aws_vpc_endpoint.interface) == 0 && length(aws_security_group.endpoints) == 0
    error_message = "no endpoints when the VPC's NAT gateway is used"
  }
}

run "traces_to_a_collector" {
  command = apply
  variables {
    otlp_endpoint = "http://adot-collector.colortracking.local:4317"
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.component["counter-service"].container_definitions)[0].environment, { name = "QUARKUS_OTEL_SDK_DISABLED", value = "false" }) && contains(jsondecode(aws_ecs_task_definition.component["counter-service"].container_definitions)[0].environment, { name = "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", value = "http://adot-collector.colortracking.local:4317" })
    error_message = "with a collector named, the services send their traces to it"
  }
  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.component["ingest-service"].container_definitions)[0].environment, { name = "QUARKUS_LOG_CONSOLE_JSON_ENABLED", value = "true" })
    error_message = "JSON logs on ECS"
  }
}
