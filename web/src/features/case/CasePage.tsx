import { useState } from 'react';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, List, Row, Space, Tag, Typography } from 'antd';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { useLabels } from '../../lib/meta';
import { fetchClockRules, fetchUnits } from '../../lib/refdata';
import { fmtTime } from '../../lib/time';
import { useFetch } from '../../lib/useFetch';
import { Loading } from '../../components/Loading';
import { useSession } from '../auth/session';
import { StatusTag } from '../../components/StatusTag';
import { getCase, type CaseRequest, type CaseView } from './api';
import { ActionDrawer } from './ActionDrawer';
import { correctionHint } from './corrections';
import { ACTION_SPECS } from './actionSpecs';
import { AttachmentsCard } from './AttachmentsCard';
import { CaseTimeline } from './CaseTimeline';
import { ClocksCard } from './ClocksCard';
import { DataList } from './DataList';
import { DocumentsCard } from './DocumentsCard';
import { LeadersCard } from './LeadersCard';
import { PartiesCard } from './PartiesCard';

export default function CasePage() {
  const { id = '' } = useParams();
  const { t, tx, lang } = useI18n();
  const labels = useLabels(lang);
  const { hasRole } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const view = useFetch(() => getCase(id), [id, lang]);
  const rules = useFetch(() => fetchClockRules().catch(() => undefined), []);
  const units = useFetch(() => fetchUnits(lang).catch(() => []), [lang]);
  const [action, setAction] = useState<string | null>(null);

  if (view.loading && !view.data) return <Loading />;
  if (view.error && !view.data)
    return (
      <Card>
        <Alert type="error" showIcon message={view.error.message} />
        <Button style={{ marginTop: 12 }} icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('back')}
        </Button>
      </Card>
    );
  const c = view.data as CaseView;
  const unitName = (uid: string) => units.data?.find((u) => u.id === uid)?.name ?? c.units.find((u) => u.id === uid)?.name ?? uid;
  const actions = c.allowedActions.filter((a) => ACTION_SPECS[a]);
  const byRole = (role: string) => c.units.filter((u) => u.role === role);
  const correction = correctionHint(c, hasRole('dispatcher'));

  const unitList = (role: string) => {
    const list = byRole(role);
    if (!list.length) return '—';
    return (
      <Space wrap size={4}>
        {list.map((u) => (
          <Tag key={u.id + role} color={u.active ? 'blue' : undefined} style={{ whiteSpace: 'normal', ...(u.active ? {} : { textDecoration: 'line-through' }) }} title={u.active ? undefined : t('inactive')}>
            {u.name}
            {!u.active && ` (${t('inactive')})`}
          </Tag>
        ))}
      </Space>
    );
  };

  return (
    <div>
      <Space style={{ marginBottom: 8 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('back')}
        </Button>
        <Button icon={<ReloadOutlined />} onClick={() => void view.reload()} aria-label={t('refresh')} />
      </Space>
      <Card>
        <Typography.Text type="secondary" copyable={{ text: c.regNo }} data-testid="case-regno">
          {c.regNo}
        </Typography.Text>
        <Typography.Title level={3} style={{ margin: '4px 0 8px' }}>
          {c.title}
        </Typography.Title>
        <Space wrap>
          <span data-testid="case-status">
            <StatusTag status={c.status} />
          </span>
          <Tag>{tx(`kind_${c.kind}`)}</Tag>
          <Tag>{tx(`channel_${c.channel}`)}</Tag>
          {c.oral && <Tag>{t('oral')}</Tag>}
          {c.anonymous && <Tag>{t('anonymous')}</Tag>}
          {c.collective && <Tag>{t('collective')}</Tag>}
          {c.designatedAfterDispute && <Tag color="orange">{t('designatedAfterDispute')}</Tag>}
        </Space>
        <div style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('actionsNow')}：</Typography.Text>
          {actions.length === 0 ? (
            <Typography.Text type="secondary" data-testid="no-actions">
              {t('noActions')}
            </Typography.Text>
          ) : (
            <Space wrap style={{ marginTop: 8, display: 'flex' }} data-testid="case-actions">
              {actions.map((a, i) => (
                <Button key={a} type={i === 0 ? 'primary' : 'default'} danger={ACTION_SPECS[a]?.danger} onClick={() => setAction(a)} data-action={a}>
                  {labels.action(a)}
                </Button>
              ))}
            </Space>
          )}
          {correction && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="correction-hint">
              {t(correction)}
            </Typography.Paragraph>
          )}
          {/* 问政回复: a replied matter may be proposed for the board (consent and the rest: the server checks) */}
          {['replied', 'reviewed', 'rereviewed', 'closed'].includes(c.status) && c.kind !== 'accusation' && hasRole('dispatcher', 'supervisor') && (
            <div style={{ marginTop: 8 }}>
              <Link to={`/registers/replyboard?fromCase=${c.id}`} data-testid="case-to-replyboard">
                {t('toReplyboard')}
              </Link>
            </div>
          )}
          {/* 信访工作条例 第三十三条: an appeal in handling may be settled by mediation; the server checks the rest */}
          {c.status === 'accepted' && c.kind === 'appeal' && hasRole('mediator', 'dispatcher', 'handler', 'unit_head') && (
            <div style={{ marginTop: 8 }}>
              <Link to={`/registers/disputes?fromCase=${c.id}`} data-testid="case-to-mediation">
                {t('toMediation')}
              </Link>
            </div>
          )}
        </div>
      </Card>

      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={15}>
          <Card title={t('facts')} size="small">
            <Descriptions size="small" bordered column={{ xs: 1, sm: 1, md: 2 }} styles={{ label: { whiteSpace: 'nowrap' } }}>
              <Descriptions.Item label={t('content')} span={2}>
                <span className="ms-pre">{c.content}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('location')}>{c.location ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={t('receivedAt')}>{fmtTime(c.receivedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('intakeUnit')}>{c.intakeUnitName}</Descriptions.Item>
              <Descriptions.Item label={t('registeredAt')}>{fmtTime(c.registeredAt)}</Descriptions.Item>
              <Descriptions.Item label={t('leadUnit')}>{unitList('lead')}</Descriptions.Item>
              <Descriptions.Item label={t('assistUnits')}>{unitList('assist')}</Descriptions.Item>
              {byRole('review').length > 0 && <Descriptions.Item label={t('reviewUnit')}>{unitList('review')}</Descriptions.Item>}
              {c.routeType && (
                <Descriptions.Item label={t('routeType')}>
                  {c.routeType
                    .split(':')
                    .map((p, i) => tx(i === 0 ? `mode_${p}` : `routeType_${p}`, p))
                    .join(' · ')}
                </Descriptions.Item>
              )}
              {c.collective && <Descriptions.Item label={t('headcount')}>{c.headcount ?? '—'}</Descriptions.Item>}
              <Descriptions.Item label={t('acceptedAt')}>{fmtTime(c.acceptedAt)}</Descriptions.Item>
              <Descriptions.Item label={t('repliedAt')}>{fmtTime(c.repliedAt)}</Descriptions.Item>
              {c.closedAt && <Descriptions.Item label={t('closedAt')}>{fmtTime(c.closedAt)}</Descriptions.Item>}
              {c.evaluation && <Descriptions.Item label={t('evaluation')}>{tx(`rating_${c.evaluation}`, c.evaluation)}</Descriptions.Item>}
              {c.relatedCaseId && (
                <Descriptions.Item label={t('relatedCase')}>
                  <Link to={`/cases/${c.relatedCaseId}`}>{t('relatedCase')}</Link>
                </Descriptions.Item>
              )}
            </Descriptions>
          </Card>
          {c.outcome && (
            <Card title={`${t('outcome')} · ${tx(`outcome_${String(c.outcome.type)}`, String(c.outcome.type ?? ''))}`} size="small" style={{ marginTop: 16 }} data-testid="outcome">
              <Outcome outcome={c.outcome} unitName={unitName} />
            </Card>
          )}
          <Card title={t('clocks')} size="small" style={{ marginTop: 16 }}>
            {c.clocks.length ? <ClocksCard clocks={c.clocks} rules={rules.data?.items} /> : <Empty description={t('noDeadline')} />}
          </Card>
          <Card title={t('parties')} size="small" style={{ marginTop: 16 }}>
            <PartiesCard caseId={c.id} masked={c.parties} />
          </Card>
          {c.requests.length > 0 && (
            <Card title={t('requests')} size="small" style={{ marginTop: 16 }}>
              <List<CaseRequest>
                size="small"
                dataSource={[...c.requests].reverse()}
                renderItem={(r) => (
                  <List.Item style={{ display: 'block' }}>
                    <Space wrap style={{ marginBottom: 4 }}>
                      <Typography.Text strong>{tx(`req_${r.type}`, r.type)}</Typography.Text>
                      <Tag color={r.status === 'pending' ? 'gold' : r.status === 'approved' ? 'green' : 'default'}>{tx(`reqStatus_${r.status}`, r.status)}</Tag>
                      <Typography.Text type="secondary">{fmtTime(r.requestedAt)}</Typography.Text>
                      {r.note && <Typography.Text type="secondary">· {t('f_note')}：{r.note}</Typography.Text>}
                    </Space>
                    <DataList data={r.data} unitName={unitName} compact />
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card title={t('attachments')} size="small" style={{ marginTop: 16 }}>
            <AttachmentsCard caseId={c.id} items={c.attachments} onUploaded={() => void view.reload()} />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('leaders')} size="small" style={{ marginBottom: 16 }}>
            <LeadersCard caseId={c.id} onChanged={() => void view.reload()} />
          </Card>
          <Card title={t('documents')} size="small" style={{ marginBottom: 16 }}>
            <DocumentsCard caseId={c.id} onChanged={() => void view.reload()} />
          </Card>
          <Card title={t('timeline')} size="small">
            <CaseTimeline events={c.events} unitName={unitName} rules={rules.data?.items} />
          </Card>
        </Col>
      </Row>
      <ActionDrawer
        action={action}
        c={c}
        onClose={() => setAction(null)}
        onDone={(v, a) => {
          setAction(null);
          view.setData(v);
          message.success(`${labels.action(a)}：${t('done')}`);
        }}
      />
    </div>
  );
}

/** The outcome in reading order: the decision first, the text last; review and re-review decisions below it. */
function Outcome({ outcome, unitName }: { outcome: Record<string, unknown>; unitName(id: string): string }) {
  const { tx } = useI18n();
  const { type: _type, review, rereview, ...rest } = outcome;
  const ORDER = ['decision', 'request', 'facts', 'reasons', 'legalBasis', 'text'];
  const ordered = Object.fromEntries([...ORDER.filter((k) => k in rest).map((k) => [k, rest[k]]), ...Object.entries(rest).filter(([k]) => !ORDER.includes(k))]);
  return (
    <div>
      <DataList data={ordered} unitName={unitName} />
      {[
        ['review', review],
        ['rereview', rereview],
      ].map(([k, v]) =>
        v && typeof v === 'object' ? (
          <div key={String(k)} style={{ marginTop: 12 }}>
            <Typography.Text strong>{tx(String(k))}</Typography.Text>
            <DataList data={v as Record<string, unknown>} unitName={unitName} />
          </div>
        ) : null,
      )}
    </div>
  );
}
