// A real HTTP server on 127.0.0.1 (ephemeral port) that speaks the IAM Query protocol and the Access Analyzer
// REST-JSON protocol for the calls live mode makes. Responses follow the shapes of the examples in the IAM API
// Reference (GetRole, ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies, GetPolicy, GetPolicyVersion, and
// the ErrorResponse document) and the Access Analyzer API Reference (ValidatePolicy), with this project's role in them.
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  service: 'iam' | 'accessanalyzer';
  action: string;
  params: Record<string, string>;
  body: string;
  authorization: string;
}

/** What to answer: a status and body, given the request and how many times this action was asked before. */
export type Responder = (
  request: RecordedRequest,
  count: number,
) => { status: number; body: string; contentType?: string } | undefined;

export interface FakeAwsServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the answer for one action (`GetRole`, `ValidatePolicy`); undefined falls back to the canned one. */
  respond(action: string, responder: Responder): void;
  reset(): void;
  close(): Promise<void>;
}

const NS = 'https://iam.amazonaws.com/doc/2010-05-08/';
const enc = (document: unknown): string => encodeURIComponent(JSON.stringify(document));

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/RestartInstanceRole';
export const TRUST = {
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { Service: 'ssm.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    },
  ],
};
export const INLINE_POLICIES: Record<string, unknown> = {
  StopStart: {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['ec2:StopInstances', 'ec2:StartInstances'],
        Resource: 'arn:aws:ec2:*:123456789012:instance/*',
      },
    ],
  },
  Describe: {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['ec2:DescribeInstances', 'ec2:DescribeInstanceStatus'], Resource: '*' }],
  },
};
export const MANAGED_ARN = 'arn:aws:iam::123456789012:policy/ExtraLogs';
export const MANAGED_DOCUMENT = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'logs:*', Resource: '*' }],
};

export function iamXml(action: string, result: string): string {
  return `<${action}Response xmlns="${NS}">\n  <${action}Result>\n${result}\n  </${action}Result>\n  <ResponseMetadata>\n    <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`;
}

export function iamError(code: string, message: string, type = 'Sender'): string {
  return `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${code}</Code>\n    <Message>${message}</Message>\n  </Error>\n  <RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId>\n</ErrorResponse>\n`;
}

/** The canned answers: the role in two pages of inline policies, one customer managed policy. */
function canned(request: RecordedRequest): { status: number; body: string; contentType?: string } {
  const p = request.params;
  switch (request.action) {
    case 'GetRole':
      return {
        status: 200,
        body: iamXml(
          'GetRole',
          `    <Role>\n      <Path>/</Path>\n      <Arn>${ROLE_ARN}</Arn>\n      <RoleName>${p.RoleName}</RoleName>\n      <AssumeRolePolicyDocument>${enc(TRUST)}</AssumeRolePolicyDocument>\n      <CreateDate>2012-05-08T23:34:01Z</CreateDate>\n      <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>\n      <MaxSessionDuration>3600</MaxSessionDuration>\n    </Role>`,
        ),
      };
    case 'ListRolePolicies':
      // Two pages: the first truncated with a Marker, as the API documents for paginated lists.
      return p.Marker === 'page-2'
        ? {
            status: 200,
            body: iamXml(
              'ListRolePolicies',
              '    <PolicyNames>\n      <member>StopStart</member>\n    </PolicyNames>\n    <IsTruncated>false</IsTruncated>',
            ),
          }
        : {
            status: 200,
            body: iamXml(
              'ListRolePolicies',
              '    <PolicyNames>\n      <member>Describe</member>\n    </PolicyNames>\n    <IsTruncated>true</IsTruncated>\n    <Marker>page-2</Marker>',
            ),
          };
    case 'GetRolePolicy':
      return {
        status: 200,
        body: iamXml(
          'GetRolePolicy',
          `    <RoleName>${p.RoleName}</RoleName>\n    <PolicyName>${p.PolicyName}</PolicyName>\n    <PolicyDocument>${enc(INLINE_POLICIES[p.PolicyName as string])}</PolicyDocument>`,
        ),
      };
    case 'ListAttachedRolePolicies':
      return {
        status: 200,
        body: iamXml(
          'ListAttachedRolePolicies',
          `    <AttachedPolicies>\n      <member>\n        <PolicyName>ExtraLogs</PolicyName>\n        <PolicyArn>${MANAGED_ARN}</PolicyArn>\n      </member>\n    </AttachedPolicies>\n    <IsTruncated>false</IsTruncated>`,
        ),
      };
    case 'GetPolicy':
      return {
        status: 200,
        body: iamXml(
          'GetPolicy',
          `    <Policy>\n      <PolicyName>ExtraLogs</PolicyName>\n      <DefaultVersionId>v2</DefaultVersionId>\n      <PolicyId>ANPAJ2UCCR6DPCEXAMPLE</PolicyId>\n      <Path>/</Path>\n      <Arn>${p.PolicyArn}</Arn>\n      <AttachmentCount>1</AttachmentCount>\n      <IsAttachable>true</IsAttachable>\n    </Policy>`,
        ),
      };
    case 'GetPolicyVersion':
      return {
        status: 200,
        body: iamXml(
          'GetPolicyVersion',
          `    <PolicyVersion>\n      <Document>${enc(MANAGED_DOCUMENT)}</Document>\n      <IsDefaultVersion>true</IsDefaultVersion>\n      <VersionId>${p.VersionId}</VersionId>\n      <CreateDate>2014-09-15T20:31:47Z</CreateDate>\n    </PolicyVersion>`,
        ),
      };
    case 'ValidatePolicy':
      // Two pages: the first with a nextToken (a query parameter of ValidatePolicy).
      return p.nextToken === 'next'
        ? { status: 200, contentType: 'application/json', body: JSON.stringify({ findings: [] }) }
        : {
            status: 200,
            contentType: 'application/json',
            body: JSON.stringify({
              findings: [
                {
                  findingDetails:
                    'Using ForAllValues qualifier with the single-valued condition key aws:SourceAccount can be overly permissive.',
                  findingType: 'SUGGESTION',
                  issueCode: 'EXAMPLE_SUGGESTION',
                  learnMoreLink:
                    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html',
                  locations: [
                    {
                      path: [{ value: 'Statement' }, { index: 0 }],
                      span: { start: { line: 1, column: 1, offset: 1 }, end: { line: 1, column: 2, offset: 2 } },
                    },
                  ],
                },
              ],
              nextToken: 'next',
            }),
          };
    default:
      return { status: 400, body: iamError('InvalidAction', `Could not find operation ${request.action}.`) };
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeAwsServer(): Promise<FakeAwsServer> {
  const requests: RecordedRequest[] = [];
  const responders = new Map<string, Responder>();
  const counts = new Map<string, number>();
  const server: Server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    void (async () => {
      const body = await readBody(incoming);
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const authorization = String(incoming.headers.authorization ?? '');
      let recorded: RecordedRequest;
      if (url.pathname === '/policy/validation') {
        recorded = {
          service: 'accessanalyzer',
          action: 'ValidatePolicy',
          params: Object.fromEntries(url.searchParams),
          body,
          authorization,
        };
      } else {
        const params = Object.fromEntries(new URLSearchParams(body));
        recorded = { service: 'iam', action: params.Action ?? '', params, body, authorization };
      }
      requests.push(recorded);
      const count = counts.get(recorded.action) ?? 0;
      counts.set(recorded.action, count + 1);
      const answer = responders.get(recorded.action)?.(recorded, count) ?? canned(recorded);
      outgoing.writeHead(answer.status, {
        'content-type': answer.contentType ?? 'text/xml',
        'x-amzn-requestid': '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE',
      });
      outgoing.end(answer.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    respond: (action, responder) => void responders.set(action, responder),
    reset: () => {
      responders.clear();
      counts.clear();
      requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
