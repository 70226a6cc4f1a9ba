resource "aws_ecs_task_definition" "component" {
  for_each                 = local.components
  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name                   = each.key
    image                  = each.value.image
    essential              = true
    readonlyRootFilesystem = false
    user                   = each.key == "gateway" ? "101" : "185"
    portMappings           = [{ containerPort = each.value.port, protocol = "tcp" }]
    environment = [
      for name, value in merge(each.value.uses_kafka ? local.kafka_environment : {}, each.value.environment) :
      { name = name, value = value }
    ]
    secrets = [for name, arn in each.value.secrets : { name = name, valueFrom = arn }]
    healthCheck = {
      command     = ["CMD-SHELL", "curl -fsS http://127.0.0.1:${each.value.port}${each.value.health_path} || wget -qO /dev/null http://127.0.0.1:${each.value.port}${each.value.health_path} || exit 1"]
      interval    = 10
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.component[each.key].name
        awslogs-region        = var.region
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "component" {
  for_each                           = local.components
  name                               = each.key
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.component[each.key].arn
  desired_count                      = var.desired_count
  launch_type                        = "FARGATE"
  health_check_grace_period_seconds  = 90
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.component[each.key].arn
    container_name   = each.key
    container_port   = each.value.port
  }
  service_registries {
    registry_arn = aws_service_discovery_service.component[each.key].arn
  }
  # autoscaling owns the count of the services it scales
  lifecycle {
    ignore_changes = [desired_count]
  }
  # a target group must belong to the load balancer (through a rule) before a service uses it
  depends_on = [aws_lb_listener.http, aws_lb_listener.https, aws_lb_listener_rule.route]
}
