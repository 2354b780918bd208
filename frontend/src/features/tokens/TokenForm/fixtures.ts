import type { TokenFieldsFragment } from '../../../gql/graphql';

/** A token as the console's queries return it, with what a test needs changed. */
export function tokenOf(over: Partial<TokenFieldsFragment> = {}): TokenFieldsFragment {
  return {
    __typename: 'Token',
    id: '7',
    name: 'Billing export',
    hint: 'kw_AbCd…wxyz',
    status: 'ACTIVE',
    expiresAt: '2027-03-12T13:36:56Z',
    expiryReminders: true,
    lastUsedAt: null,
    lastUsedIp: null,
    useCount: 0,
    createdAt: '2026-11-01T09:00:00Z',
    createdBy: 'ada@example.com',
    updatedAt: '2026-11-01T09:00:00Z',
    revokedAt: null,
    revokedBy: null,
    previousSecretExpiresAt: null,
    application: null,
    partner: null,
    role: { __typename: 'Role', id: '3', name: 'Auditor', allPermissions: false, permissions: ['audit:read', 'tokens:read'], grantable: true, missingPermissions: [] },
    whitelist: [
      { __typename: 'WhitelistEntry', id: '21', cidr: '10.0.0.0/8', status: 'APPROVED', note: null, requestedBy: 'ada@example.com', decidedBy: null, decidedAt: null, createdAt: '2026-11-01T09:00:00Z', approvers: [] },
    ],
    ...over,
  } as TokenFieldsFragment;
}
