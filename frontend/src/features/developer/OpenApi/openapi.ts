// The part of an OpenAPI 3.1 document that the console shows. The document is Keyward's own
// (server/web/openapi.json), read as JSON: these types name what the view reads of it.

export type Ref = { $ref: string };

export interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  title?: string;
  description?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxProperties?: number;
  additionalProperties?: boolean | Schema;
}

export interface Example {
  summary?: string;
  description?: string;
  value?: unknown;
}

export interface MediaType {
  schema?: Schema;
  example?: unknown;
  examples?: Record<string, Example | Ref>;
}

export interface Header {
  description?: string;
  required?: boolean;
  schema?: Schema;
}

export interface Response {
  description?: string;
  headers?: Record<string, Header | Ref>;
  content?: Record<string, MediaType>;
}

export interface RequestBody {
  description?: string;
  required?: boolean;
  content?: Record<string, MediaType>;
}

export interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: Schema;
}

export type SecurityRequirement = Record<string, string[]>;

export interface Operation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: SecurityRequirement[];
  parameters?: (Parameter | Ref)[];
  requestBody?: RequestBody | Ref;
  responses?: Record<string, Response | Ref>;
}

export interface SecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
  description?: string;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; summary?: string; description?: string };
  servers?: { url: string; description?: string }[];
  security?: SecurityRequirement[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, Schema>;
    responses?: Record<string, Response>;
    requestBodies?: Record<string, RequestBody>;
    headers?: Record<string, Header>;
    securitySchemes?: Record<string, SecurityScheme>;
  };
}

export const methods = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

export interface OperationEntry {
  method: string;
  path: string;
  op: Operation;
}

/** The document's operations, grouped by their first tag in the order of `tags`. */
export function operationsByTag(doc: OpenApiDocument): { tag: string; description?: string; operations: OperationEntry[] }[] {
  const groups = new Map<string, OperationEntry[]>();
  for (const t of doc.tags ?? []) groups.set(t.name, []);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of methods) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      if (!groups.has(tag)) groups.set(tag, []);
      groups.get(tag)!.push({ method, path, op });
    }
  }
  return [...groups.entries()]
    .filter(([, ops]) => ops.length > 0)
    .map(([tag, operations]) => ({ tag, description: doc.tags?.find((t) => t.name === tag)?.description, operations }));
}

/** The last segment of a reference: `#/components/schemas/Whoami` is `Whoami`. */
export function refName(ref: string): string {
  return decodePointer(ref.slice(ref.lastIndexOf('/') + 1));
}

function decodePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Follows a local reference (`#/…`) in doc; undefined when it leads nowhere. */
export function resolve<T>(doc: OpenApiDocument, value: T | Ref | undefined): T | undefined {
  let v: unknown = value;
  for (let hops = 0; hops < 16 && isRef(v); hops++) {
    const ref = v.$ref;
    if (!ref.startsWith('#/')) return undefined;
    v = ref
      .slice(2)
      .split('/')
      .map(decodePointer)
      .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
  }
  return isRef(v) ? undefined : (v as T | undefined);
}

export function isRef(v: unknown): v is Ref {
  return !!v && typeof v === 'object' && typeof (v as Ref).$ref === 'string';
}

/** The security an operation needs: its own, or else the document's. Empty: none. */
export function securityOf(doc: OpenApiDocument, op: Operation): SecurityRequirement[] {
  return op.security ?? doc.security ?? [];
}

/** How to send a security scheme, in a few words: `X-Auth-Token header`, `Authorization: Bearer`. */
export function describeScheme(s: SecurityScheme | undefined, name: string): string {
  if (!s) return name;
  if (s.type === 'apiKey') return `${s.name} ${s.in ?? 'header'}`;
  if (s.type === 'http' && s.scheme?.toLowerCase() === 'bearer') return 'Authorization: Bearer';
  if (s.type === 'http') return `Authorization: ${s.scheme}`;
  return name;
}

/** The examples of a media type, named: `example` alone, or each of `examples`. */
export function examplesOf(doc: OpenApiDocument, mt: MediaType): { name: string; summary?: string; value: unknown }[] {
  const out: { name: string; summary?: string; value: unknown }[] = [];
  if (mt.example !== undefined) out.push({ name: 'example', value: mt.example });
  for (const [name, ex] of Object.entries(mt.examples ?? {})) {
    const e = resolve<Example>(doc, ex);
    if (e && e.value !== undefined) out.push({ name, summary: e.summary, value: e.value });
  }
  return out;
}

/** A short type for a schema: `string`, `string | null`, `array of string`, `Whoami`. */
export function typeLabel(s: Schema | undefined): string {
  if (!s) return 'any';
  if (s.$ref) return refName(s.$ref);
  if (s.const !== undefined) return JSON.stringify(s.const);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.includes('array')) {
    const rest = types.filter((t) => t !== 'array');
    return [`array of ${typeLabel(s.items)}`, ...rest].join(' | ');
  }
  if (types.length > 0) return types.join(' | ') + (s.format ? ` (${s.format})` : '');
  if (s.oneOf) return 'one of';
  if (s.anyOf) return 'any of';
  if (s.allOf) return 'all of';
  if (s.properties) return 'object';
  return 'any';
}

/** Colours of HTTP methods, as API tools usually paint them. */
export const methodColor: Record<string, string> = {
  get: 'blue',
  post: 'teal',
  put: 'orange',
  patch: 'grape',
  delete: 'red',
  head: 'gray',
  options: 'gray',
};

/** The colour of a status code by its class. */
export function statusColor(status: string): string {
  switch (status[0]) {
    case '2':
      return 'teal';
    case '3':
      return 'blue';
    case '4':
      return 'orange';
    case '5':
      return 'red';
    default:
      return 'gray';
  }
}
