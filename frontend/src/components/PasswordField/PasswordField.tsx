import { useEffect, useState } from 'react';
import { PasswordInput, Progress, Stack, Text } from '@mantine/core';
import { loadChecker, passwordRule, personalWords, verdict } from './strength';

const colors = ['red', 'red', 'orange', 'teal', 'green'];

/**
 * A new password's box with a strength meter (zxcvbn, loaded when first typed in) and the
 * rule under it. The server applies the same rule; the meter only tells earlier.
 */
export function PasswordField({
  label,
  value,
  onChange,
  error,
  personal = [],
  required,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  /** The email and name of whoever the password is for. */
  personal?: string[];
  required?: boolean;
  disabled?: boolean;
}) {
  const [score, setScore] = useState<number | null>(null);
  const inputs = ['keyward', ...personalWords(personal)].join('\n');
  useEffect(() => {
    if (!value) {
      setScore(null);
      return;
    }
    let live = true;
    void loadChecker().then((check) => live && setScore(check(value, inputs.split('\n'))));
    return () => {
      live = false;
    };
  }, [value, inputs]);
  const v = value && score !== null ? verdict(value, personal, score) : null;
  return (
    <Stack gap={4}>
      <PasswordInput label={label} description={passwordRule} required={required} disabled={disabled} value={value} onChange={(e) => onChange(e.currentTarget.value)} error={error} autoComplete="new-password" />
      {v && (
        <>
          <Progress value={((v.score + 1) / 5) * 100} color={colors[v.score]} size="xs" aria-hidden />
          <Text size="xs" c={v.ok ? 'teal' : 'dimmed'} aria-live="polite" data-testid="password-strength">
            {v.label}
          </Text>
        </>
      )}
    </Stack>
  );
}
