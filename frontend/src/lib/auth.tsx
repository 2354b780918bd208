import { createContext, useContext } from 'react';
import { graphql } from '../gql';
import type { MeQuery } from '../gql/graphql';

export const MeDocument = graphql(`
  query Me {
    setupRequired
    me {
      id
      email
      name
      role {
        id
        name
        permissions
        allPermissions
      }
      partner {
        id
        name
      }
    }
  }
`);

export type Me = NonNullable<MeQuery['me']>;

export interface Auth {
  me: Me;
  /** Whether the signed-in user holds perm. */
  can: (perm: string) => boolean;
  /** The partner the user belongs to (null: the organisation's own staff). */
  partner: Me['partner'];
  /**
   * An organisation administrator: one of the organisation's own people who may see every
   * partner, and so chooses between them (a partner's user only ever sees its own).
   */
  orgAdmin: boolean;
  refresh: () => void;
}

export const AuthContext = createContext<Auth | null>(null);

/** The signed-in user; only inside the console shell. */
export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside the signed-in shell');
  return a;
}

/**
 * The permissions that stay the organisation's own: the server never lets a partner's user
 * use them, whatever its role (they change what every partner lives under), so the console
 * offers nothing that needs them.
 */
export const organisationPermissions = ['settings:write', 'roles:write', 'partners:write'];

export function makeAuth(me: Me, refresh: () => void): Auth {
  const perms = new Set(me.role.permissions);
  const partner = me.partner ?? null;
  const can = (p: string) => (partner && organisationPermissions.includes(p) ? false : me.role.allPermissions || perms.has(p));
  return { me, refresh, can, partner, orgAdmin: !partner && can('partners:read') };
}
