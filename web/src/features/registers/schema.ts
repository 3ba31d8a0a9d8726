/**
 * Reading an action's input schema (JSON Schema written from the server's zod schema): which control each field
 * wants, and turning the form's values back into the request body.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { pickedDay, pickedTime } from '../../lib/time';
import type { JsonSchema } from './api';

/** The usable branch of `anyOf`/`oneOf` (zod writes optional and nullable fields and id unions that way). */
export function simplify(s: JsonSchema): JsonSchema {
  const branches = s.anyOf ?? s.oneOf;
  if (!branches) return s;
  const real = branches.filter((b) => b.type !== 'null');
  const str = real.find((b) => b.type === 'string' || b.enum);
  return { ...(str ?? real[0] ?? {}), description: s.description ?? (str ?? real[0])?.description };
}

export const typeOf = (s: JsonSchema) => (Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type);

export type FieldKind = 'enum' | 'boolean' | 'number' | 'tags' | 'choices' | 'list' | 'object' | 'date' | 'datetime' | 'unit' | 'text' | 'longtext';

/**
 * The control a field wants. Days and times are not always marked with a format (zod refinements): a day is also a
 * string described as YYYY-MM-DD or named …On (heldOn, foundOn); a time a field without a type named …At.
 */
export function kindOf(name: string, s: JsonSchema): FieldKind {
  const t = typeOf(s);
  if (s.enum) return 'enum';
  if (t === 'boolean') return 'boolean';
  if (t === 'number' || t === 'integer') return 'number';
  if (t === 'array') {
    const items = s.items ? simplify(s.items) : {};
    return typeOf(items) === 'object' ? 'list' : items.enum ? 'choices' : 'tags';
  }
  if (t === 'object') return 'object';
  if (s.format === 'date' || (t === 'string' && (/YYYY-MM-DD/.test(s.description ?? '') || /On$/.test(name)))) return 'date';
  if (s.format === 'date-time' || (!t && /At$/.test(name))) return 'datetime';
  if (/(^u|U)nitId$/.test(name)) return 'unit';
  return (s.maxLength ?? 0) > 200 ? 'longtext' : 'text';
}

export interface Field {
  name: string;
  schema: JsonSchema;
  required: boolean;
  kind: FieldKind;
}

export function fieldsOf(schema: JsonSchema | null | undefined): Field[] {
  if (!schema?.properties) return [];
  return Object.entries(schema.properties).map(([name, raw]) => {
    const s = simplify(raw);
    return { name, schema: s, required: schema.required?.includes(name) ?? false, kind: kindOf(name, s) };
  });
}

/** The schema of one item of a list field. */
export const itemSchema = (s: JsonSchema): JsonSchema => (s.items ? simplify(s.items) : {});

const empty = (v: unknown) => v === undefined || v === null || v === '' || (typeof v === 'object' && !Array.isArray(v) && !dayjs.isDayjs(v) && Object.keys(v as object).length === 0);

/** Turns the form's values into the request body: days and times as ISO strings, nested objects and lists alike, empty values dropped. */
export function toBody(schema: JsonSchema | null | undefined, values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(schema)) {
    const v = values?.[f.name];
    if (empty(v)) continue;
    if (dayjs.isDayjs(v)) out[f.name] = f.kind === 'date' ? pickedDay(v as Dayjs) : pickedTime(v as Dayjs); // picked days and times are CST
    else if (f.kind === 'object') {
      const inner = toBody(f.schema, v as Record<string, unknown>);
      if (!empty(inner)) out[f.name] = inner;
    } else if (f.kind === 'list') out[f.name] = (v as Array<Record<string, unknown>>).map((x) => toBody(itemSchema(f.schema), x)).filter((x) => !empty(x));
    else out[f.name] = v;
  }
  return out;
}
