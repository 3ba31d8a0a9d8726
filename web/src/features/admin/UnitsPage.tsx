import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Row, Select, Tree, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n';
import { post } from '../../lib/api';
import { applyServerErrors, clean, textRules } from '../../lib/forms';
import { fetchUnits, invalidate, unitTree, type Unit } from '../../lib/refdata';
import { UnitPicker } from '../../components/UnitPicker';
import { useFetch } from '../../lib/useFetch';

export const UNIT_TYPES = ['province', 'city', 'district', 'street', 'community', 'grid', 'department', 'petition_office', 'legal_organ', 'discipline_organ'];
const TYPE_LABEL: Record<string, [string, string]> = {
  province: ['省', 'Province'],
  city: ['市', 'City'],
  district: ['县区', 'District'],
  street: ['乡镇街道', 'Street'],
  community: ['村社区', 'Community'],
  grid: ['网格', 'Grid'],
  department: ['部门', 'Department'],
  petition_office: ['信访部门', 'Petition office'],
  legal_organ: ['政法机关', 'Legal organ'],
  discipline_organ: ['纪检监察机关', 'Discipline organ'],
};
export const unitTypeLabel = (type: string, lang: 'zh' | 'en') => TYPE_LABEL[type]?.[lang === 'zh' ? 0 : 1] ?? type;

export function UnitsPage() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const units = useFetch(() => fetchUnits(lang), [lang]);
  const [form] = Form.useForm();
  const [alerts, setAlerts] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const tree = useMemo(() => unitTree(units.data ?? []), [units.data]);
  const byId = useMemo(() => new Map((units.data ?? []).map((u) => [u.id, u])), [units.data]);
  const treeData = useMemo(() => {
    const label = (n: (typeof tree)[number]): { key: string; title: string; children: unknown[] } => {
      const u = byId.get(n.value) as Unit;
      return { key: n.key, title: `${n.title} · ${unitTypeLabel(u.type, lang)} · ${u.code}`, children: n.children.map(label) };
    };
    return tree.map(label);
  }, [tree, byId, lang]);

  const submit = async () => {
    setAlerts([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await post('/api/units', clean(form.getFieldsValue()));
      message.success(t('saved'));
      form.resetFields();
      invalidate('units:');
      await units.reload();
    } catch (e) {
      setAlerts(applyServerErrors(form, e, t('fixFields')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={14}>
        <Card title={t('navUnits')} size="small">
          {units.error && <Alert type="error" message={units.error.message} />}
          {treeData.length > 0 && <Tree treeData={treeData as never} defaultExpandAll showLine selectable={false} height={640} />}
        </Card>
      </Col>
      <Col xs={24} lg={10}>
        <Card title={t('newUnit')} size="small">
          {alerts.length > 0 && <Alert type="error" showIcon message={alerts[0]} description={alerts.slice(1).join('；') || undefined} style={{ marginBottom: 12 }} />}
          <Form form={form} layout="vertical" onFinish={submit}>
            <Form.Item name="parentId" label={t('parentUnit')} rules={[{ required: true, message: t('required') }]}>
              <UnitPicker units={units.data} allowClear={false} filter={(u) => u.active !== false} />
            </Form.Item>
            <Form.Item name="code" label={t('unitCode')} rules={[{ required: true, message: t('required') }, { pattern: /^[A-Za-z0-9_-]{2,40}$/, message: 'A–Z a–z 0–9 - _ (2–40)' }]}>
              <Input />
            </Form.Item>
            <Form.Item name="name" label={t('unitName')} rules={textRules(t, { required: true, max: 100 })}>
              <Input />
            </Form.Item>
            <Form.Item name="nameEn" label={t('unitNameEn')} rules={textRules(t, { max: 100 })}>
              <Input />
            </Form.Item>
            <Form.Item name="type" label={t('unitType')} rules={[{ required: true, message: t('required') }]}>
              <Select options={UNIT_TYPES.map((v) => ({ value: v, label: unitTypeLabel(v, lang) }))} />
            </Form.Item>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={busy}>
              {t('create')}
            </Button>
          </Form>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {units.data ? t('total', { n: units.data.length }) : ''}
          </Typography.Paragraph>
        </Card>
      </Col>
    </Row>
  );
}
