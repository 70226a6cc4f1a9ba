# One public load balancer with the gateway's routes (frontend/nginx/default.conf.template):
# /v1/... goes straight to the owning service, everything else to the gateway (the dashboard).
resource "aws_lb" "this" {
  name                       = var.name
  load_balancer_type         = "application"
  security_groups            = [aws_security_group.alb.id]
  subnets                    = var.public_subnet_ids
  idle_timeout               = 3600 # WebSocket and SSE connections stay open
  drop_invalid_header_fields = true
  access_logs {
    bucket  = aws_s3_bucket.alb_logs.id
    prefix  = "alb"
    enabled = true
  }
  depends_on = [aws_s3_bucket_policy.alb_logs]
}

locals {
  https = var.certificate_arn != ""
  # the listener the routes hang on: HTTPS when there is a certificate (port 80 then only redirects)
  listener_arn = local.https ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn
}

resource "aws_lb_target_group" "component" {
  for_each = local.components
  # at most 16 + 1 + 9 characters (var.name is validated), never ending in a hyphen
  name                 = "${var.name}-${trimsuffix(each.key, "-service")}"
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
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  count             = local.https ? 1 : 0
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.certificate_arn
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.component["gateway"].arn
  }
}

# port 80: the site itself without a certificate; a permanent redirect to HTTPS with one
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = local.https ? "redirect" : "forward"
    target_group_arn = local.https ? null : aws_lb_target_group.component["gateway"].arn
    dynamic "redirect" {
      for_each = local.https ? [1] : []
      content {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }
}

locals {
  # priority → the paths (and method) it matches and the component it forwards to; the order
  # matters: GET /v1/events before the other methods
  routes = {
    "10" = { paths = ["/tracker.js", "/heatmap.js", "/v1/pointer"], method = null, component = "ingest-service" }
    "20" = { paths = ["/v1/events"], method = "GET", component = "counter-service" }
    "30" = { paths = ["/v1/events"], method = null, component = "ingest-service" }
    "40" = { paths = ["/v1/events/cable*", "/v1/live*"], method = null, component = "broadcast-service" }
    "50" = { paths = ["/v1/counts*", "/v1/heatmap*", "/v1/keys*", "/v1/sessions*"], method = null, component = "counter-service" }
  }
}

resource "aws_lb_listener_rule" "route" {
  for_each     = local.routes
  listener_arn = local.listener_arn
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

# The load balancer's access logs: a bucket of their own, private, encrypted (SSE-S3, which access
# logs require), kept log_retention_days
resource "aws_s3_bucket" "alb_logs" {
  bucket_prefix = "${var.name}-alb-logs-"
}

resource "aws_s3_bucket_public_access_block" "alb_logs" {
  bucket                  = aws_s3_bucket.alb_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  rule {
    id     = "expire"
    status = "Enabled"
    filter {}
    expiration {
      days = var.log_retention_days
    }
  }
}

# Elastic Load Balancing writes the logs: its account in regions from before August 2022, its
# log delivery service in the newer ones
data "aws_elb_service_account" "this" {}

data "aws_iam_policy_document" "alb_logs" {
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.alb_logs.arn}/alb/*"]
    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.this.arn]
    }
  }
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.alb_logs.arn}/alb/*"]
    principals {
      type        = "Service"
      identifiers = ["logdelivery.elasticloadbalancing.amazonaws.com"]
    }
  }
  statement {
    sid       = "TLSOnly"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.alb_logs.arn, "${aws_s3_bucket.alb_logs.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "alb_logs" {
  bucket = aws_s3_bucket.alb_logs.id
  policy = data.aws_iam_policy_document.alb_logs.json
}
