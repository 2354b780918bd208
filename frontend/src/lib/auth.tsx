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
    }
  }
`);

export type Me = NonNullable<MeQuery['me']>;

export interface Auth {
  me: Me;
  /** Whether the signed-in user's role holds perm. */
  can: (perm: string) => boolean;
  refresh: () => void;
}

export const AuthContext = createContext<Auth | null>(null);

/** The signed-in user; only inside the console shell. */
export function useAuth(): Auth {
  const a = useContext(AuthContext);
  if (!a) throw new Error('useAuth outside the signed-in shell');
  return a;
}

export function makeAuth(me: Me, refresh: () => void): Auth {
  const perms = new Set(me.role.permissions);
  return { me, refresh, can: (p) => me.role.allPermissions || perms.has(p) };
}
