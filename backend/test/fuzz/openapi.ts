/**
 * The parts of an OpenAPI 3 document the fuzzer reads: every operation (method + path), its
 * path and query parameters and its JSON request-body schema, with `$ref`s and `allOf`s
 * resolved against `components.schemas`.
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  default?: unknown;
  description?: string;
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation | unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface Parameter {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  /** `POST /api/v1/visits/{id}/sign`: the test's name and the key of per-operation state. */
  key: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path template, e.g. `/api/v1/visits/{id}/sign`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The resolved JSON request-body schema, when the operation declares one. */
  body?: Schema;
  /** True when the operation declares a security requirement (a bearer token). */
  secured: boolean;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Resolves `$ref`s and merges `allOf`s, recursively; cycles are cut at depth 8. */
export function resolveSchema(doc: OpenApiDocument, schema: Schema | undefined, depth = 0): Schema {
  if (!schema) return {};
  if (depth > 8) return { type: 'object' };
  let s: Schema = schema;
  if (s.$ref) {
    const name = s.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
    const { $ref: _ref, ...rest } = s;
    s = { ...resolveSchema(doc, target, depth + 1), ...rest };
  }
  if (s.allOf?.length) {
    const { allOf, ...rest } = s;
    let merged: Schema = {};
    for (const part of allOf) {
      const r = resolveSchema(doc, part, depth + 1);
      merged = {
        ...merged,
        ...r,
        properties: { ...merged.properties, ...r.properties },
        required: [...(merged.required ?? []), ...(r.required ?? [])],
      };
    }
    s = { ...merged, ...rest, type: merged.type ?? rest.type };
    if (!Object.keys(s.properties ?? {}).length) delete s.properties;
  }
  const out: Schema = { ...s };
  if (s.properties) {
    out.properties = Object.fromEntries(
      Object.entries(s.properties).map(([k, v]) => [k, resolveSchema(doc, v, depth + 1)]),
    );
  }
  if (s.items) out.items = resolveSchema(doc, s.items, depth + 1);
  return out;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method] as OpenApiOperation | undefined;
      if (!op) continue;
      const params = op.parameters ?? [];
      const toParam = (p: OpenApiParameter): Parameter => ({
        name: p.name,
        required: p.in === 'path' || !!p.required,
        schema: resolveSchema(doc, p.schema),
      });
      const content = op.requestBody?.content ?? {};
      const json = content['application/json'] ?? Object.values(content)[0];
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map(toParam),
        queryParams: params.filter((p) => p.in === 'query').map(toParam),
        body: json?.schema ? resolveSchema(doc, json.schema) : undefined,
        secured: (op.security ?? []).length > 0,
      });
    }
  }
  return out;
}
