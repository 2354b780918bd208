/** Why a token use was refused, in words, by the verify API's code. */
export const reasonText: Record<string, string> = {
  malformed: 'not a token at all',
  unknown: 'no such token',
  expired: 'the token had expired',
  revoked: 'the token was revoked',
  ip_not_allowed: 'called from an address not on the whitelist',
  insufficient_permissions: 'asked for a permission its role lacks',
  rate_limited: 'over the rate limit',
};

/** Short labels for the same codes, for a list of counts. */
export const reasonLabel: Record<string, string> = {
  malformed: 'Malformed',
  unknown: 'Unknown token',
  expired: 'Expired',
  revoked: 'Revoked',
  ip_not_allowed: 'Address not whitelisted',
  insufficient_permissions: 'Missing permission',
  rate_limited: 'Rate limited',
};

export const reasonOf = (code: string) => reasonText[code] ?? code.replaceAll('_', ' ');
export const labelOf = (code: string) => reasonLabel[code] ?? code.replaceAll('_', ' ');
