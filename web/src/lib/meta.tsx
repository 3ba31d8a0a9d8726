/** The transition table and status labels, read once from GET /api/lifecycle: the one source of action names. */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { get } from './api';
import type { Lang } from '../i18n/lang';

export interface Label {
  zh: string;
  en: string;
}
export interface TransitionInfo {
  action: string;
  from: string[];
  to: string;
  roles: string[];
  citizen?: boolean;
  relation: string;
  public: boolean;
  basis?: string;
  label: Label;
  guarded: boolean;
}
export interface Lifecycle {
  statuses: Record<string, Label>;
  transitions: TransitionInfo[];
}

const Ctx = createContext<Lifecycle | null>(null);

export function MetaProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const [meta, setMeta] = useState<Lifecycle | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    get<Lifecycle>('/api/lifecycle').then(setMeta, (e: Error) => setFailed(e.message));
  }, []);
  if (failed) return <div role="alert" style={{ padding: 24 }}>/api/lifecycle: {failed}</div>;
  if (!meta) return <>{fallback}</>;
  return <Ctx.Provider value={meta}>{children}</Ctx.Provider>;
}

export function useLifecycle(): Lifecycle {
  const v = useContext(Ctx);
  if (!v) throw new Error('useLifecycle outside MetaProvider');
  return v;
}

export const pick = (l: Label | undefined, lang: Lang, fallback = '') => (l ? l[lang] : fallback);

export function useLabels(lang: Lang) {
  const meta = useLifecycle();
  return {
    status: (s: string) => pick(meta.statuses[s], lang, s),
    action: (a: string) => pick(meta.transitions.find((t) => t.action === a)?.label, lang, a),
    transition: (a: string) => meta.transitions.find((t) => t.action === a),
    statuses: Object.keys(meta.statuses),
  };
}
