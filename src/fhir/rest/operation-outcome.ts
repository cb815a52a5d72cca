/** OperationOutcome bodies: the FHIR face of HaleError, and informational outcomes. */
import type { ErrorCode, HaleError } from '../../errors.ts';

const ISSUE_TYPE: Record<ErrorCode, string> = {
  'bad-request': 'invalid',
  'invalid-resource': 'invalid',
  unauthorized: 'login',
  forbidden: 'forbidden',
  'not-found': 'not-found',
  'method-not-allowed': 'not-supported',
  'not-acceptable': 'not-supported',
  conflict: 'conflict',
  gone: 'deleted',
  'precondition-failed': 'conflict',
  'payload-too-large': 'too-costly',
  'unsupported-media-type': 'not-supported',
  'too-many-requests': 'throttled',
  internal: 'exception',
  'not-implemented': 'not-supported',
  unavailable: 'transient',
  timeout: 'timeout',
};

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  code: string;
  diagnostics?: string;
  details?: { text: string };
  expression?: string[];
}

export function outcomeFromError(err: HaleError): Record<string, unknown> {
  const issueCode = ISSUE_TYPE[err.code];
  const issue: OperationOutcomeIssue[] = err.details.length
    ? err.details.map((d) => ({
        severity: d.severity ?? 'error',
        code: d.fhirCode ?? issueCode,
        details: { text: d.message },
        diagnostics: d.field ? `${d.field}: ${d.message}` : d.message,
        ...(d.field ? { expression: [d.field] } : {}),
      }))
    : [{ severity: 'error', code: issueCode, diagnostics: err.message, details: { text: err.message } }];
  return { resourceType: 'OperationOutcome', issue };
}

export function informationOutcome(text: string): Record<string, unknown> {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'information', code: 'informational', diagnostics: text, details: { text } }],
  };
}
