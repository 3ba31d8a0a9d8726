/**
 * The message centre's bell in the workbench header (docs/notifications.md "Message centre"): the number of unread
 * messages (GET /api/me/messages/count, every 30 s and whenever the window regains focus); a click opens the list —
 * what awaits, the registration number, the time in China Standard Time, unread in bold. A message opens its case and
 * is marked read; "mark all read" clears the bell. A message names no content of the matter and no person.
 */
import { useCallback, useEffect, useState } from 'react';
import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Checkbox, List, Popover, Space, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n/i18n';
import { get, post } from '../../lib/api';

interface Message {
  id: string;
  kind: string;
  kindLabel: string;
  caseId: string;
  regNo: string;
  link: string;
  at: string;
  read: boolean;
}
interface Page {
  total: number;
  unread: number;
  items: Message[];
}

const POLL_MS = 30_000;
const PAGE = 10;

/** YYYY-MM-DD HH:mm in China Standard Time (UTC+8, no daylight saving), whatever the browser's own zone. */
export const cst = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

export function MessageBell() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [onlyUnread, setOnlyUnread] = useState(false);
  const [size, setSize] = useState(PAGE);
  const [page, setPage] = useState<Page | null>(null);
  const [loading, setLoading] = useState(false);

  const refreshCount = useCallback(async () => {
    try {
      setUnread((await get<{ unread: number }>('/api/me/messages/count')).unread);
    } catch {
      // the next poll tries again; a lost session is handled by the shell
    }
  }, []);

  // the bell: now, every 30 s, on focus, and after each move in the app (an action may have cleared or made work)
  useEffect(() => {
    const timer = window.setInterval(() => void refreshCount(), POLL_MS);
    const onFocus = () => void refreshCount();
    const onVisible = () => document.visibilityState === 'visible' && void refreshCount();
    window.addEventListener('focus', onFocus);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('focus', onFocus);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refreshCount]);
  useEffect(() => {
    void refreshCount();
  }, [location.pathname, refreshCount]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const p = await get<Page>('/api/me/messages', { pageSize: size, ...(onlyUnread ? { unread: 'true' } : {}) });
      setPage(p);
      setUnread(p.unread);
    } catch {
      message.error(t('inboxFailed'));
    } finally {
      setLoading(false);
    }
    // lang: the kind labels come in the UI language
  }, [size, onlyUnread, lang, message, t]);
  useEffect(() => {
    if (open) void load();
  }, [open, load]);

  const openMessage = async (m: Message) => {
    setOpen(false);
    if (!m.read) {
      try {
        setUnread((await post<{ unread: number }>(`/api/me/messages/${m.id}/read`)).unread);
      } catch {
        void refreshCount();
      }
    }
    navigate(m.link);
  };

  const readAll = async () => {
    const r = await post<{ unread: number }>('/api/me/messages/read-all');
    setUnread(r.unread);
    await load();
  };

  const panel = (
    <div style={{ width: 380, maxWidth: 'calc(100vw - 32px)' }} data-testid="messages-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Checkbox checked={onlyUnread} onChange={(e) => setOnlyUnread(e.target.checked)}>
          {t('inboxUnreadOnly')}
        </Checkbox>
        <Button size="small" type="link" onClick={readAll} disabled={unread === 0} data-testid="messages-read-all">
          {t('inboxReadAll')}
        </Button>
      </Space>
      <List<Message>
        size="small"
        loading={loading}
        dataSource={page?.items ?? []}
        locale={{ emptyText: t('inboxEmpty') }}
        style={{ maxHeight: 420, overflowY: 'auto' }}
        renderItem={(m) => (
          <List.Item
            key={m.id}
            data-testid="message-item"
            data-read={m.read ? 'true' : 'false'}
            onClick={() => void openMessage(m)}
            onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && void openMessage(m)}
            role="link"
            tabIndex={0}
            style={{ cursor: 'pointer', paddingInline: 8, background: m.read ? undefined : '#f0f7ff' }}
          >
            <div style={{ width: '100%' }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                <Typography.Text strong={!m.read}>
                  {!m.read && <Badge status="processing" aria-label={t('inboxUnread')} style={{ marginInlineEnd: 6 }} />}
                  {m.kindLabel}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {cst(m.at)}
                </Typography.Text>
              </Space>
              <Typography.Text strong={!m.read} style={{ fontFamily: 'monospace' }}>
                {m.regNo}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
      {page && page.total > page.items.length && (
        <Button block size="small" type="text" onClick={() => setSize((s) => s + PAGE)} style={{ marginTop: 4 }}>
          {t('inboxMore')}
        </Button>
      )}
    </div>
  );

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      placement="bottomRight"
      title={
        <div>
          {t('inboxTitle')}
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, fontWeight: 400, marginBottom: 0, maxWidth: 380 }}>
            {t('inboxHelp')}
          </Typography.Paragraph>
        </div>
      }
      content={panel}
    >
      <Badge count={unread} overflowCount={99} size="small" data-testid="messages-count" data-count={unread}>
        <Button icon={<BellOutlined />} aria-label={t('inboxBell', { n: unread })} data-testid="messages-bell" />
      </Badge>
    </Popover>
  );
}
