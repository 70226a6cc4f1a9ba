resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "The public load balancer"
  vpc_id      = var.vpc_id
  ingress {
    description = "HTTP(S) from anywhere"
    from_port   = var.certificate_arn == "" ? 80 : 443
    to_port     = var.certificate_arn == "" ? 80 : 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "tasks" {
  name        = "${var.name}-tasks"
  description = "The ECS tasks: reachable from the load balancer and from each other"
  vpc_id      = var.vpc_id
  ingress {
    description     = "From the load balancer"
    from_port       = 8080
    to_port         = 8083
    protocol        = "tcp"
    security_groups = [aws_security_group.alb.id]
  }
  ingress {
    description = "Between tasks (the gateway to the services)"
    from_port   = 8080
    to_port     = 8083
    protocol    = "tcp"
    self        = true
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "data" {
  name        = "${var.name}-data"
  description = "MSK and RDS: reachable from the tasks only"
  vpc_id      = var.vpc_id
  ingress {
    description     = "Kafka (plaintext inside the VPC)"
    from_port       = 9092
    to_port         = 9092
    protocol        = "tcp"
    security_groups = [aws_security_group.tasks.id]
  }
  ingress {
    description     = "PostgreSQL"
    from_port       = 5432
    to_port         = 5432
    protocol        = "tcp"
    security_groups = [aws_security_group.tasks.id]
  }
}
