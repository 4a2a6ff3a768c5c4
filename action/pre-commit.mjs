#!/usr/bin/env node
// The pre-commit hook's entry (.pre-commit-hooks.yaml, `language: script`): runs the committed bundle beside it, so
// installing the hook needs neither `npm install` nor a build, only Node.js. pre-commit appends the changed YAML, JSON
// and Terraform files; they follow `--`, so a file named like an option (`--output=x`) is still a file name. Files
// that hold no runbook are skipped, and a commit that changes none passes.
// https://pre-commit.com/#new-hooks
process.argv.splice(2, 0, 'lint', '--pass-on-no-runbooks', '--');
await import('./dist/runbook-iam.mjs');
