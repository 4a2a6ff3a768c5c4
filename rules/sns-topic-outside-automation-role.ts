import type { Rule } from '../src/engine/rule.js';
import { inputsAt } from '../src/permissions/inputsAt.js';
import { notificationTopics, reliesOnAutomationRole } from '../src/policy/automationRoleScope.js';
import { roleLabel, stepRange } from '../src/policy/policyActions.js';
import { stepLabel } from '../src/model/stepLabel.js';

export const snsTopicOutsideAutomationRole: Rule = {
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
  check({ runbook, role, report }) {
    if (!role || role.role.incomplete || !reliesOnAutomationRole(role)) return;
    for (const step of runbook.steps) {
      for (const topic of notificationTopics(runbook, step, role.account)) {
        const name = topic.split(':').pop() ?? topic;
        if (name.startsWith('Automation') || role.allows('sns:Publish', topic) !== false) continue;
        report({
          message: `Step ${stepLabel(step)} sends its approval request to SNS topic ${name}, but ${roleLabel(role.role)} relies on AmazonSSMAutomationRole, which allows sns:Publish only on topics named Automation*. Use a topic whose name starts with "Automation", or allow sns:Publish on ${topic} in the role's own policy.`,
          range: inputsAt(step.inputs, 'NotificationArn')[0]?.range ?? stepRange(step),
          step: stepLabel(step),
        });
      }
    }
  },
};
