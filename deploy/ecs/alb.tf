# One public load balancer with the gateway's routes (frontend/nginx/default.conf.template):
# /v1/... goes straight to the owning service, everything else to the gateway (the dashboard).
resource "aws_lb" "this" {
  name               = var.name
  load_balancer_type = "application"
  security_groups    = [aws_security_group.alb.id]
  subnets            = var.public_subnet_ids
  idle_timeout       = 3600 # WebSocket and SSE connections stay open
}

resource "aws_lb_target_group" "component" {
  for_each             = local.components
  name                 = substr("${var.name}-${each.key}", 0, 32)
  port                 = each.value.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30
  health_check {
    path                = each.value.serving_path
    matcher             = "200"
    interval            = 10
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = var.certificate_arn == "" ? 80 : 443
  protocol          = var.certificate_arn == "" ? "HTTP" : "HTTPS"
  certificate_arn   = var.certificate_arn == "" ? null : var.certificate_arn
  ssl_policy        = var.certificate_arn == "" ? null : "ELBSecurityPolicy-TLS13-1-2-2021-06"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.component["gateway"].arn
  }
}

locals {
  # priority → the paths (and method) it matches and the component it forwards to; the order
  # matters: GET /v1/events before the other methods
  routes = {
    "10" = { paths = ["/tracker.js"], method = null, component = "ingest-service" }
    "20" = { paths = ["/v1/events"], method = "GET", component = "counter-service" }
    "30" = { paths = ["/v1/events"], method = null, component = "ingest-service" }
    "40" = { paths = ["/v1/events/cable*", "/v1/live*"], method = null, component = "broadcast-service" }
    "50" = { paths = ["/v1/counts*", "/v1/keys*"], method = null, component = "counter-service" }
  }
}

resource "aws_lb_listener_rule" "route" {
  for_each     = local.routes
  listener_arn = aws_lb_listener.http.arn
  priority     = tonumber(each.key)
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.component[each.value.component].arn
  }
  condition {
    path_pattern {
      values = each.value.paths
    }
  }
  dynamic "condition" {
    for_each = each.value.method == null ? [] : [each.value.method]
    content {
      http_request_method {
        values = [condition.value]
      }
    }
  }
}
