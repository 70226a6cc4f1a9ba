output "dashboard_url" {
  description = "The dashboard (add ?api_key=...)."
  value       = "${var.certificate_arn == "" ? "http" : "https"}://${aws_lb.this.dns_name}/"
}

output "load_balancer_dns_name" {
  description = "Point your DNS name at this."
  value       = aws_lb.this.dns_name
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "kafka_bootstrap_servers" {
  description = "The Kafka the services use."
  value       = local.kafka_bootstrap
}

output "database_address" {
  description = "The RDS PostgreSQL endpoint."
  value       = aws_db_instance.postgres.address
}

output "database_secret_arn" {
  description = "The Secrets Manager secret RDS keeps the database credentials in."
  value       = aws_db_instance.postgres.master_user_secret[0].secret_arn
}

output "log_groups" {
  description = "CloudWatch log group of each component."
  value       = { for name, group in aws_cloudwatch_log_group.component : name => group.name }
}
