import { createRule, inputsAt, notificationTopics, reliesOnAutomationRole } from '../src/analysis/ruleKit.js';

export const snsTopicOutsideAutomationRole = createRule({
  meta: {
    id: 'sns-topic-outside-automation-role',
    shortDescription:
      'aws:approve notifies an SNS topic not named Automation* while the role relies on AmazonSSMAutomationRole.',
    fullDescription:
      'Automation publishes the approval request of an aws:approve step to its NotificationArn topic with the runbook\'s role. The AmazonSSMAutomationRole managed policy allows sns:Publish only on topics whose name starts with "Automation" (arn:aws:sns:*:*:Automation*); with no other policy allowing it, the approvers are never notified.',
    defaultSeverity: 'warning',
    tags: ['correctness', 'least-privilege'],
    awsDocs: [
      'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMAutomationRole.html',
      'https://docs.aws.amazon.com/systems-manager/latest/userguide/automation-action-approve.html',
    ],
    requiresRole: true,
  },
  check({ runbook, steps, role, report }) {
    if (!role || role.role.incomplete || !reliesOnAutomationRole(role)) return;
    for (const step of steps) {
      for (const topic of notificationTopics(runbook, step.step, role.account)) {
        const name = topic.split(':').pop() ?? topic;
        if (name.startsWith('Automation') || role.allows('sns:Publish', topic) !== false) continue;
        report({
          step,
          message: `Step ${step.label} notifies SNS topic ${name}; AmazonSSMAutomationRole allows only Automation* topics.`,
          range: inputsAt(step.step.inputs, 'NotificationArn')[0]?.range ?? step.range,
          key: topic,
        });
      }
    }
  },
});
