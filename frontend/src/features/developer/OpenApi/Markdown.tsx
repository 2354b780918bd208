import type { ReactNode } from 'react';
import { Anchor, Code, List, Text, type MantineSize } from '@mantine/core';

// The little Markdown that OpenAPI descriptions use (CommonMark, in practice): paragraphs,
// bullet lists, **bold**, `code` and [links](…). Rendered as React elements, never as HTML,
// so the document cannot inject markup.

const inline = /(`[^`]+`|\*\*[^*]+\*\*|\[[^\]]+\]\([^)\s]+\))/g;

/** Inline Markdown of one line of text. */
export function Inline({ text }: { text: string }) {
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(inline)) {
    const at = m.index ?? 0;
    if (at > last) out.push(text.slice(last, at));
    const tok = m[0];
    if (tok.startsWith('`')) {
      out.push(
        <Code key={at} style={{ overflowWrap: 'anywhere' }}>
          {tok.slice(1, -1)}
        </Code>,
      );
    } else if (tok.startsWith('**')) {
      out.push(<strong key={at}>{tok.slice(2, -2)}</strong>);
    } else {
      const [, label, href] = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(tok) ?? [];
      const safe = /^(https?:|\/|#)/.test(href ?? '');
      out.push(
        safe ? (
          <Anchor key={at} href={href} target="_blank" rel="noreferrer" inherit>
            {label}
          </Anchor>
        ) : (
          label
        ),
      );
    }
    last = at + tok.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return <>{out}</>;
}

/** Block Markdown: paragraphs and bullet lists. */
export function Markdown({ text, size = 'sm', c }: { text?: string; size?: MantineSize; c?: string }) {
  if (!text) return null;
  const blocks = text.split(/\n{2,}/);
  return (
    <>
      {blocks.map((block, i) => {
        const lines = block.split('\n');
        if (lines.every((l) => l.startsWith('- '))) {
          return (
            <List key={i} size={size} c={c} spacing={4} withPadding>
              {lines.map((l, j) => (
                <List.Item key={j}>
                  <Inline text={l.slice(2)} />
                </List.Item>
              ))}
            </List>
          );
        }
        return (
          <Text key={i} size={size} c={c}>
            <Inline text={block.replace(/\n/g, ' ')} />
          </Text>
        );
      })}
    </>
  );
}
