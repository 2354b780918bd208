import { useCallback } from 'react';
import { Select, type SelectProps } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { useAddressParams } from '../../lib/address';
import { useAuth } from '../../lib/auth';

export const PartnerOptionsDocument = graphql(`
  query PartnerOptions {
    partners(first: 100) {
      totalCount
      edges {
        node {
          id
          name
        }
      }
    }
  }
`);

/** The partners to choose from, by name (the first hundred the server lists). */
export function usePartnerOptions(pause = false) {
  const [{ data }] = useQuery({ query: PartnerOptionsDocument, pause });
  return (data?.partners.edges ?? []).map(({ node }) => ({ value: node.id, label: node.name })).sort((a, b) => a.label.localeCompare(b.label));
}

/** A picker of one partner, searchable. */
export function PartnerSelect(props: Omit<SelectProps, 'data'>) {
  const options = usePartnerOptions();
  return <Select searchable nothingFoundMessage="No partner of that name" {...props} data={options} />;
}

/**
 * The partner a list is narrowed to, kept in the address (?partner=) so that a link can open a
 * list already narrowed. Only an organisation administrator chooses: for anyone else it is
 * always null (a partner's user sees its own partner's objects and nothing else anyway).
 */
export function usePartnerFilter(): [string | null, (id: string | null) => void] {
  const { orgAdmin } = useAuth();
  const [params, setParams] = useAddressParams();
  const set = useCallback((id: string | null) => setParams({ partner: id }), [setParams]);
  return [orgAdmin ? params.get('partner') : null, set];
}

/** The "All partners" filter of a list: shown to organisation administrators only. */
export function PartnerFilter({ value, onChange, w = 200, label }: { value: string | null; onChange: (id: string | null) => void; w?: SelectProps['w']; label?: string }) {
  const { orgAdmin } = useAuth();
  if (!orgAdmin) return null;
  return <PartnerSelect label={label} aria-label={label ? undefined : 'Filter by partner'} placeholder="All partners" value={value} onChange={onChange} clearable w={w} />;
}
