import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fingerprintOf } from '../engine/baseline.js';
import type { FileResult, LintReport, Severity } from '../engine/finding.js';
import { ruleDocsUrl, type RuleMeta } from '../engine/rule.js';
import type { FormatContext } from './formatContext.js';
import { normalizeRegion, type NormalizedRegion } from './normalizeRegion.js';
import { relativePath } from './relativePath.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/runbook-iam/runbook-iam';
const SOURCE_ROOT = '%SRCROOT%';
/**
 * Key of our own partial fingerprint (SARIF §3.27.17): versioned, so a change of recipe never matches old alerts.
 * v2: rule, normalised relative file, step and the finding's key (engine/baseline.ts fingerprintOf), not the message.
 */
export const FINGERPRINT_KEY = 'runbookIam/v2';

/**
 * GitHub code scanning sorts alerts of rules tagged `security` by `security-severity`, a CVSS-like score in a string:
 * ≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low
 * (GitHub docs, "SARIF support for code scanning", reportingDescriptor object:
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning).
 */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '8.5', warning: '5.5', note: '2.0' };
/** GitHub's `problem.severity` for rules that are not security rules: error, warning or recommendation. */
const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'recommendation' };

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, a reportingDescriptor per registered rule, one result per finding with
 * a URI relative to `%SRCROOT%` (= `context.cwd`) and a line-independent fingerprint; files that could not be analyzed,
 * skipped files with a reason and run notes also appear as tool execution notifications.
 */
export function sarif(report: LintReport, context: FormatContext): string {
  const rules: SarifReportingDescriptor[] = context.rules.map(reportingDescriptor);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const occurrences = new Map<string, number>();

  const results = report.findings.map((finding): SarifResult => {
    let index = ruleIndex.get(finding.ruleId);
    if (index === undefined) {
      index = rules.push(unregisteredRuleDescriptor(finding.ruleId, finding.severity)) - 1;
      ruleIndex.set(finding.ruleId, index);
    }
    const fingerprint = fingerprintOf(finding, context.cwd);
    const occurrence = (occurrences.get(fingerprint) ?? 0) + 1;
    occurrences.set(fingerprint, occurrence);
    return {
      ruleId: finding.ruleId,
      ruleIndex: index,
      level: finding.severity,
      message: { text: finding.fix === undefined ? finding.message : `${finding.message}\nFix: ${finding.fix}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: artifactLocation(finding.range.file, context.cwd),
            region: normalizeRegion(finding.range),
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: `${fingerprint}:${occurrence}` },
      ...(finding.step === undefined ? {} : { properties: { step: finding.step } }),
    };
  });

  const notifications: SarifNotification[] = [
    ...report.files.flatMap((file) => fileNotification(file, context.cwd)),
    ...report.runNotes.map((note): SarifNotification => ({ level: 'note', message: { text: note } })),
  ];

  const log: SarifLog = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: context.toolName,
            version: context.toolVersion,
            ...(isSemanticVersion(context.toolVersion) ? { semanticVersion: context.toolVersion } : {}),
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        invocations: [
          {
            // Parse errors are results (of the parse-error rule), not a failure of the tool.
            executionSuccessful: true,
            ...(notifications.length === 0 ? {} : { toolExecutionNotifications: notifications }),
          },
        ],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(context.cwd) } },
        // SourceRange columns count UTF-16 code units (JavaScript string indices), which is also GitHub's default.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function reportingDescriptor(meta: RuleMeta): SarifReportingDescriptor {
  const docsUrl = ruleDocsUrl(meta.id);
  const awsDocsText =
    meta.awsDocs.length === 0 ? '' : `\n\nAWS documentation:\n${meta.awsDocs.map((url) => `- ${url}`).join('\n')}`;
  const awsDocsMarkdown =
    meta.awsDocs.length === 0
      ? ''
      : `\n\n**AWS documentation**\n\n${meta.awsDocs.map((url) => `- <${url}>`).join('\n')}`;
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.shortDescription },
    fullDescription: { text: meta.fullDescription },
    help: {
      text: `${meta.fullDescription}\n\nRule documentation: ${docsUrl}${awsDocsText}`,
      markdown: `${meta.fullDescription}\n\n[Rule documentation: ${meta.id}](${docsUrl})${awsDocsMarkdown}`,
    },
    helpUri: docsUrl,
    defaultConfiguration: { level: meta.defaultSeverity },
    properties: ruleProperties(meta.tags, meta.defaultSeverity),
  };
}

/** A descriptor for a rule id the registry does not know (an engine-internal id): every result keeps a ruleIndex. */
function unregisteredRuleDescriptor(id: string, severity: Severity): SarifReportingDescriptor {
  const text = `Findings reported under the id "${id}", which is not a registered rule.`;
  return {
    id,
    name: pascalCase(id),
    shortDescription: { text: `Findings reported as ${id}.` },
    fullDescription: { text },
    help: { text, markdown: text },
    defaultConfiguration: { level: severity },
    properties: ruleProperties([], severity),
  };
}

function ruleProperties(tags: readonly string[], severity: Severity): SarifRuleProperties {
  return {
    tags: [...tags],
    precision: severity === 'error' ? 'high' : 'medium',
    'problem.severity': PROBLEM_SEVERITY[severity],
    'security-severity': SECURITY_SEVERITY[severity],
  };
}

function fileNotification(file: FileResult, cwd: string): SarifNotification[] {
  const locations = [{ physicalLocation: { artifactLocation: artifactLocation(file.path, cwd) } }];
  if (file.status === 'error') {
    const text = file.reason ?? `${relativePath(cwd, file.path)} could not be analyzed.`;
    return [{ level: 'error', message: { text }, locations }];
  }
  if (file.status === 'skipped' && file.reason !== undefined) {
    return [{ level: 'note', message: { text: file.reason }, locations }];
  }
  return [];
}

/** A URI relative to %SRCROOT% when the file is inside `cwd`; otherwise an absolute file: URI. */
function artifactLocation(file: string, cwd: string): SarifArtifactLocation {
  const relative = relativePath(cwd, file);
  if (path.isAbsolute(relative) || /^[A-Za-z]:\//.test(relative)) {
    return { uri: pathToFileURL(file).href };
  }
  return { uri: encodeRelativeUri(relative), uriBaseId: SOURCE_ROOT };
}

/** Percent-encodes a forward-slash path as a relative URI reference: spaces, non-ASCII, `%`, `#`, `?` and `:`. */
function encodeRelativeUri(relative: string): string {
  return encodeURI(relative).replace(/[#?:]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join('');
}

function isSemanticVersion(version: string): boolean {
  return /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.test(version);
}

interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: SarifRun[];
}

interface SarifRun {
  tool: { driver: SarifToolComponent };
  invocations: { executionSuccessful: boolean; toolExecutionNotifications?: SarifNotification[] }[];
  originalUriBaseIds: Record<string, { uri: string }>;
  columnKind: 'utf16CodeUnits';
  results: SarifResult[];
}

interface SarifToolComponent {
  name: string;
  version: string;
  semanticVersion?: string;
  informationUri: string;
  rules: SarifReportingDescriptor[];
}

interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: Severity };
  properties: SarifRuleProperties;
}

interface SarifRuleProperties {
  tags: string[];
  precision: 'high' | 'medium';
  'problem.severity': string;
  'security-severity': string;
}

interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Severity;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: SarifArtifactLocation; region: NormalizedRegion } }[];
  partialFingerprints: Record<string, string>;
  properties?: { step: string };
}

interface SarifNotification {
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations?: { physicalLocation: { artifactLocation: SarifArtifactLocation } }[];
}
