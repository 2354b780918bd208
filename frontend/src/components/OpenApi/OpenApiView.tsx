import { useEffect, useState } from 'react';
import { Alert, Anchor, Code, Loader, Stack, Text } from '@mantine/core';

const documentUrl = '/api/v1/openapi.json';

/** The machine API's OpenAPI document, read from the server. */
export default function OpenApiView() {
  const [doc, setDoc] = useState<unknown>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    fetch(documentUrl, { signal: controller.signal, headers: { Accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then(setDoc)
      .catch((e: Error) => {
        if (!controller.signal.aborted) setError(e.message);
      });
    return () => controller.abort();
  }, []);

  if (error) return <Alert color="red" title="Could not load the API description">{error}</Alert>;
  if (!doc) return <Loader size="sm" />;
  return (
    <Stack gap="sm">
      <Text size="sm">
        <Anchor href={documentUrl} target="_blank" rel="noreferrer">
          openapi.json
        </Anchor>
      </Text>
      <Code block>{JSON.stringify(doc, null, 2)}</Code>
    </Stack>
  );
}
