import type { AuditOutcome } from '../../gql/graphql';
import { withParams } from '../../lib/address';

/** The audit log's filters, as its inputs hold them. */
export type AuditFilters = {
  actor: string;
  action: string;
  outcome: AuditOutcome | null;
  from: string | null;
  to: string | null;
};

/**
 * The outcomes as the address spells them: the name in lower case, and "refused" for a denied
 * one, as the home page speaks of refused token uses.
 */
const outcomeWords: [string, AuditOutcome][] = [
  ['success', 'SUCCESS'],
  ['failure', 'FAILURE'],
  ['denied', 'DENIED'],
  ['refused', 'DENIED'],
];

/** A date the address may hold: one the date pickers can show. */
const dateOf = (v: string | null) => (v && !Number.isNaN(new Date(v.replace(' ', 'T')).getTime()) ? v : null);

/**
 * The filters the address asks for (?actor=&action=token.use&outcome=denied&from=&to=), so that
 * a link opens the audit log already filtered. What it cannot read it leaves out.
 */
export function auditFilters(params: URLSearchParams): AuditFilters {
  const outcome = params.get('outcome')?.toLowerCase();
  return {
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    outcome: outcomeWords.find(([w]) => w === outcome)?.[1] ?? null,
    from: dateOf(params.get('from')),
    to: dateOf(params.get('to')),
  };
}

/** The address's parameters with the filters written in: each one set, or gone when empty. Others stay. */
export function withAuditFilters(params: URLSearchParams, f: AuditFilters): URLSearchParams {
  return withParams(params, { ...f, outcome: f.outcome?.toLowerCase() ?? null });
}

/** The audit log's address filtered to refused token uses: where the home page's card leads. */
export const refusedTokenUses = `/audit?${withAuditFilters(new URLSearchParams(), { actor: '', action: 'token.use', outcome: 'DENIED', from: null, to: null })}`;
