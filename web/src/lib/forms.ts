import { useState } from 'react';
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import { ApiError } from './api';
import type { T } from '../i18n/i18n';

export type NamePath = (string | number)[];
const toPath = (field: string): NamePath => field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));

/**
 * Puts the server's field errors (details.issues) next to the fields they name. Returns what could not be
 * placed (a field the form does not show, or an error without fields) for an alert above the form.
 */
export function applyServerErrors(form: FormInstance, err: unknown, fallback: string): string[] {
  if (!(err instanceof ApiError)) return [err instanceof Error ? err.message : String(err)];
  if (!err.issues.length) return [err.message];
  const byField = new Map<string, string[]>();
  const leftover: string[] = [];
  const registered = new Set(
    form
      .getFieldsError()
      .map((f) => f.name.join('.')),
  );
  for (const i of err.issues) {
    if (registered.has(i.field)) byField.set(i.field, [...(byField.get(i.field) ?? []), i.message]);
    else leftover.push(i.field && i.field !== '(body)' ? `${i.field}: ${i.message}` : i.message);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: toPath(field), errors })));
  if (byField.size) {
    const first = [...byField.keys()][0];
    if (first) form.scrollToField(toPath(first), { block: 'center' });
  }
  return leftover.length ? [fallback, ...leftover] : byField.size ? [] : [fallback];
}

/** Client-side rules mirroring the server's zod schema: required, trimmed min/max length. */
export function textRules(t: T, opts: { required?: boolean; min?: number; max?: number }): Rule[] {
  const rules: Rule[] = [];
  if (opts.required) rules.push({ required: true, whitespace: true, message: t('required') });
  if (opts.min && opts.min > 1)
    rules.push({
      validator: (_, v: unknown) =>
        typeof v !== 'string' || v.trim().length === 0 || v.trim().length >= opts.min! ? Promise.resolve() : Promise.reject(new Error(t('minChars', { n: opts.min! }))),
    });
  if (opts.max) rules.push({ max: opts.max, message: t('maxChars', { n: opts.max }) });
  return rules;
}

/** Drops empty strings and undefined so optional fields are absent, as the API expects. */
export function clean<V>(v: V): V {
  if (Array.isArray(v)) return v.map(clean) as V;
  if (v && typeof v === 'object' && !(v instanceof Date) && !(v as { $d?: unknown }).$d) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x === undefined || x === null) continue;
      if (typeof x === 'string' && x.trim() === '') continue;
      out[k] = clean(x);
    }
    return out as V;
  }
  return typeof v === 'string' ? (v.trim() as V) : v;
}

/**
 * A form's submit: the client-side checks first, then the call with a busy flag; the server's field errors go next
 * to their fields and the rest into `alerts` for the form's alert. Answers whether the call succeeded.
 */
export function useFormSubmit(form: FormInstance, fallback: string) {
  const [busy, setBusy] = useState(false);
  const [alerts, setAlerts] = useState<string[]>([]);
  const submit = async (call: () => Promise<unknown>): Promise<boolean> => {
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return false;
    }
    setBusy(true);
    try {
      await call();
      return true;
    } catch (e) {
      setAlerts(applyServerErrors(form, e, fallback));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, alerts, setAlerts, submit };
}
