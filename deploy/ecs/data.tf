# Kafka: Amazon MSK on Kafka 4, unless var.kafka_bootstrap_servers names an existing cluster: one
# broker per private subnet (two or three availability zones). The services create their topics at
# start (partitions from var.topic_partitions), replicated on three brokers (two with two subnets,
# where a topic then stays writable with one broker away: min.insync.replicas 1).
locals {
  kafka_brokers     = length(var.private_subnet_ids)
  kafka_replication = var.kafka_bootstrap_servers == "" ? min(3, local.kafka_brokers) : 3
}

resource "aws_msk_cluster" "kafka" {
  count                  = var.kafka_bootstrap_servers == "" ? 1 : 0
  cluster_name           = var.name
  kafka_version          = var.msk_kafka_version
  number_of_broker_nodes = local.kafka_brokers
  broker_node_group_info {
    instance_type   = var.msk_instance_type
    client_subnets  = var.private_subnet_ids
    security_groups = [aws_security_group.data.id]
    storage_info {
      ebs_storage_info {
        volume_size = 100
      }
    }
  }
  encryption_info {
    encryption_in_transit {
      client_broker = "TLS_PLAINTEXT"
      in_cluster    = true
    }
  }
  configuration_info {
    arn      = aws_msk_configuration.kafka[0].arn
    revision = aws_msk_configuration.kafka[0].latest_revision
  }
}

resource "aws_msk_configuration" "kafka" {
  count             = var.kafka_bootstrap_servers == "" ? 1 : 0
  name              = var.name
  kafka_versions    = [var.msk_kafka_version]
  server_properties = <<-PROPERTIES
    auto.create.topics.enable=false
    default.replication.factor=${local.kafka_replication}
    min.insync.replicas=${max(1, local.kafka_replication - 1)}
  PROPERTIES
}

# PostgreSQL: RDS, its master password made and kept by Secrets Manager (never in Terraform state),
# reachable over TLS only
resource "aws_db_parameter_group" "postgres" {
  name   = "${var.name}-postgres17"
  family = "postgres17"
  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }
}

resource "aws_db_subnet_group" "postgres" {
  name       = var.name
  subnet_ids = var.private_subnet_ids
}

resource "aws_db_instance" "postgres" {
  identifier                  = var.name
  engine                      = "postgres"
  engine_version              = "17"
  instance_class              = var.db_instance_class
  allocated_storage           = 20
  max_allocated_storage       = 200
  storage_encrypted           = true
  db_name                     = "colortracking"
  username                    = "colortracking"
  manage_master_user_password = true
  multi_az                    = var.db_multi_az
  db_subnet_group_name        = aws_db_subnet_group.postgres.name
  parameter_group_name        = aws_db_parameter_group.postgres.name
  vpc_security_group_ids      = [aws_security_group.data.id]
  backup_retention_period     = 7
  deletion_protection         = true
  skip_final_snapshot         = false
  final_snapshot_identifier   = "${var.name}-final"
}
