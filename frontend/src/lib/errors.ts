import type { CombinedError } from 'urql';

/** What a failed operation means for a form: messages by field, and one for the whole form. */
export interface FormErrors {
  fields: Record<string, string>;
  message?: string;
}

/**
 * Splits a GraphQL error into per-field messages (BAD_USER_INPUT and CONFLICT errors that
 * name a field) and a general message for everything else.
 */
export function formErrors(error: CombinedError | undefined | null): FormErrors {
  const out: FormErrors = { fields: {} };
  if (!error) return out;
  if (error.networkError) {
    out.message = 'Keyward could not be reached. Check your connection and try again.';
    return out;
  }
  for (const e of error.graphQLErrors) {
    const field = e.extensions?.field as string | undefined;
    if (field && !(field in out.fields)) {
      out.fields[field] = e.message;
    } else if (!out.message) {
      out.message = e.message;
    }
  }
  return out;
}

/** The code of the first GraphQL error, if any. */
export function errorCode(error: CombinedError | undefined | null): string | undefined {
  return error?.graphQLErrors[0]?.extensions?.code as string | undefined;
}

/** A one-line message for an error shown outside a form. */
export function errorMessage(error: CombinedError | undefined | null): string {
  const f = formErrors(error);
  return f.message ?? Object.values(f.fields)[0] ?? 'Something went wrong.';
}
