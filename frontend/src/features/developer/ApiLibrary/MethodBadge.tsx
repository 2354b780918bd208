import { Badge } from '@mantine/core';

const methodColors: Record<string, string> = { GET: 'blue', POST: 'green', PUT: 'orange', PATCH: 'grape', DELETE: 'red' };

/** The HTTP method of a call as a coloured badge of one width, so that paths line up. */
export function MethodBadge({ method }: { method: string }) {
  return (
    <Badge color={methodColors[method] ?? 'gray'} variant="light" radius="sm" w={64} style={{ flexShrink: 0 }} ff="monospace">
      {method}
    </Badge>
  );
}
