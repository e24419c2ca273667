/** Actions whose target is a contestant's id, and the one whose target is an attempt's id. */
const CONTESTANT_TARGETS: ReadonlySet<string> = new Set(['contestant.grant', 'contestant.release', 'contestant.phone', 'dataRequest.file', 'dataRequest.answer']);
const ATTEMPT_TARGETS: ReadonlySet<string> = new Set(['attempt.void']);

/**
 * What an audit entry's target names, for the entries the log lists with the person they are
 * about (a contestant's id, or an attempt's); null for the others.
 */
export function auditSubject(action: string): 'contestant' | 'attempt' | null {
  return CONTESTANT_TARGETS.has(action) ? 'contestant' : ATTEMPT_TARGETS.has(action) ? 'attempt' : null;
}
