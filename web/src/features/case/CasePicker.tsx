import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { listCases } from '../queue/api';

/** Picks a case by registration number or title, from the cases the user may see. */
export function CasePicker({ value, onChange, excludeId, id }: { value?: string; onChange?: (v: string) => void; excludeId: string; id?: string }) {
  const { t, lang } = useI18n();
  const [options, setOptions] = useState<Array<{ value: string; label: string }>>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const search = (q: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(async () => {
      setLoading(true);
      try {
        const r = await listCases({ q: q.trim() || undefined, pageSize: 20 });
        setOptions(r.items.filter((c) => c.id !== excludeId).map((c) => ({ value: c.id, label: `${c.regNo} · ${c.title} · ${c.statusLabel}` })));
      } finally {
        setLoading(false);
      }
    }, 250);
  };
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lang]);
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={onChange}
      filterOption={false}
      onSearch={search}
      loading={loading}
      options={options}
      placeholder={t('pickCase')}
      notFoundContent={null}
      data-testid="case-picker"
    />
  );
}
