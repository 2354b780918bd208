import type { SettingsInput } from '../../gql/graphql';
import type { FormErrors } from '../../lib/errors';

/** Every setting, as the form holds it (a number box emptied holds NaN). */
export type SettingsForm = Required<{ [K in keyof SettingsInput]: NonNullable<SettingsInput[K]> }>;

/** The form's values from the server's settings (without urql's __typename). */
export function formOf(settings: object): SettingsForm {
  const { __typename, ...rest } = settings as SettingsForm & { __typename?: string };
  void __typename;
  return rest;
}

/** What a section of the settings form gets: the values, setters and the errors by field. */
export interface SectionProps {
  form: SettingsForm;
  set: <K extends keyof SettingsForm>(key: K, value: SettingsForm[K]) => void;
  /** The onChange of a NumberInput for key. */
  num: (key: keyof SettingsForm) => (value: string | number) => void;
  errors: FormErrors;
}

/** The keys of number boxes left empty, each with what to say beside it. */
export function emptyNumbers(form: SettingsForm): Record<string, string> {
  return Object.fromEntries(
    Object.entries(form)
      .filter(([, v]) => typeof v === 'number' && Number.isNaN(v))
      .map(([k]) => [k, 'Enter a number']),
  );
}
