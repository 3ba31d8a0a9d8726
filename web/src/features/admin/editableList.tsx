import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Space, Switch, type FormInstance } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useI18n } from '../../i18n/i18n';
import { applyServerErrors } from '../../lib/forms';

interface Activatable {
  active?: boolean;
}
const isActive = (x: Activatable) => x.active !== false;

export interface EditableListOptions<T> {
  form: FormInstance;
  /** the form's values when the modal opens for a new row or an existing one */
  initialValues(x: T | 'new'): Record<string, unknown> | undefined;
  save(x: T | 'new', values: Record<string, unknown>): Promise<unknown>;
  setActive(x: T, active: boolean): Promise<unknown>;
  /** reload the list (and any cache) after a change */
  afterChange(): Promise<unknown>;
}

/**
 * The list-and-modal administration pattern (categories, reply templates, routing rules): open a row or a new one
 * in a modal whose form stays mounted, save with server field errors shown at the fields, (de)activate a row, and
 * optionally show inactive rows.
 */
export function useEditableList<T extends Activatable>(o: EditableListOptions<T>) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [showInactive, setShowInactive] = useState(false);
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const open = (x: T | 'new') => {
    setAlerts([]);
    setEditing(x);
    // the form stays mounted (forceRender): every opening starts from these values
    o.form.resetFields();
    const values = o.initialValues(x);
    if (values) o.form.setFieldsValue(values);
  };

  const changed = async () => {
    message.success(t('saved'));
    await o.afterChange();
  };

  const submit = async () => {
    setAlerts([]);
    try {
      await o.form.validateFields();
    } catch {
      return;
    }
    if (!editing) return;
    setBusy(true);
    try {
      await o.save(editing, o.form.getFieldsValue() as Record<string, unknown>);
      setEditing(null);
      await changed();
    } catch (e) {
      setAlerts(applyServerErrors(o.form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  const toggle = async (x: T) => {
    try {
      await o.setActive(x, !isActive(x));
      await changed();
    } catch (e) {
      message.error((e as Error).message);
    }
  };

  return {
    editing,
    open,
    close: () => setEditing(null),
    submit,
    toggle,
    busy,
    alerts,
    showInactive,
    setShowInactive,
    visible: (rows: T[] | undefined) => (rows ?? []).filter((x) => showInactive || isActive(x)),
  };
}

type EditableList<T extends Activatable> = ReturnType<typeof useEditableList<T>>;

/** The card's toolbar: "show inactive" switch and the button for a new row. */
export function ListToolbar<T extends Activatable>({ list, newLabel, testId }: { list: EditableList<T>; newLabel: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Space>
      <Space size={4}>
        <Switch size="small" checked={list.showInactive} onChange={list.setShowInactive} aria-label={t('showInactive')} />
        <span>{t('showInactive')}</span>
      </Space>
      <Button type="primary" icon={<PlusOutlined />} onClick={() => list.open('new')} data-testid={testId}>
        {newLabel}
      </Button>
    </Space>
  );
}

/** Edit and (de)activate buttons for a row. */
export function actionsColumn<T extends Activatable>(list: EditableList<T>, t: (k: 'actions' | 'edit' | 'deactivate' | 'activate') => string): ColumnType<T> {
  return {
    title: t('actions'),
    key: 'actions',
    width: 140,
    render: (_, x) => (
      <Space size={4}>
        <Button size="small" onClick={() => list.open(x)}>
          {t('edit')}
        </Button>
        <Button size="small" danger={isActive(x)} onClick={() => void list.toggle(x)}>
          {isActive(x) ? t('deactivate') : t('activate')}
        </Button>
      </Space>
    ),
  };
}

export function FormAlerts({ alerts }: { alerts: string[] }) {
  if (alerts.length === 0) return null;
  return <Alert type="error" showIcon message={alerts[0]} description={alerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />;
}
