# An Automation runbook and the role it runs as; runbook-iam links them without --role.
resource "aws_ssm_document" "restart_instance" {
  name            = "RestartInstance"
  document_type   = "Automation"
  document_format = "YAML"

  content = <<-DOC
    schemaVersion: '0.3'
    description: Stops and starts an EC2 instance.
    assumeRole: '{{ AutomationAssumeRole }}'
    parameters:
      AutomationAssumeRole:
        type: String
        default: ${aws_iam_role.restart_instance.arn}
      InstanceId:
        type: String
    mainSteps:
      - name: stopInstance
        action: aws:changeInstanceState
        inputs:
          InstanceIds: ['{{ InstanceId }}']
          DesiredState: stopped
        nextStep: startInstance
      - name: startInstance
        action: aws:changeInstanceState
        inputs:
          InstanceIds: ['{{ InstanceId }}']
          DesiredState: running
        isEnd: true
  DOC
}

resource "aws_ssm_document" "tag_instance" {
  name          = "TagInstance"
  document_type = "Automation"
  content       = file("${path.module}/tag-instance.yaml")
}

resource "aws_iam_role" "restart_instance" {
  name               = "restart-instance-automation"
  assume_role_policy = data.aws_iam_policy_document.automation_trust.json
}

data "aws_iam_policy_document" "automation_trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ssm.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "restart_instance" {
  name = "restart-instance"
  role = aws_iam_role.restart_instance.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:StopInstances", "ec2:StartInstances", "ec2:DescribeInstanceStatus"]
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "restart_instance_read_only" {
  role       = aws_iam_role.restart_instance.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess"
}
