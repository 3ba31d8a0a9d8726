import { useEffect, useMemo, useRef } from 'react';
import { AuditOutlined, CalendarOutlined, FormOutlined, InboxOutlined, LineChartOutlined, LogoutOutlined, SearchOutlined, SettingOutlined, UserOutlined } from '@ant-design/icons';
import { Button, Layout, Menu, Space, Tag, Typography } from 'antd';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';
import { setUnauthenticatedHandler } from '../lib/api';
import { useSession } from '../features/auth/session';
import { LangSwitch } from './LangSwitch';
import { NotifySettings } from '../features/auth/NotifySettings';
import { MessageBell } from '../features/messages/MessageBell';
import { REGISTERS } from '../features/registers/config';
import { pick } from '../lib/meta';
import { Loading } from './Loading';
import { UploadOutlined } from '@ant-design/icons';

export function StaffShell() {
  const { me, loading, logout, reload, hasRole } = useSession();
  const { t, lang } = useI18n();
  const location = useLocation();
  const navigate = useNavigate();
  const first = useRef(true);

  useEffect(() => {
    // an expired session: forget the user; the shell then sends them to the login page and back here after
    setUnauthenticatedHandler(() => void reload());
    return () => setUnauthenticatedHandler(null);
  }, [reload]);

  // unit names and role labels come in the UI language
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    void reload();
  }, [lang, reload]);

  const items = useMemo(() => {
    const list: Array<{ key: string; icon: React.ReactNode; label: React.ReactNode; children?: Array<{ key: string; label: React.ReactNode }> }> = [
      { key: '/queue?tab=mine', icon: <InboxOutlined />, label: <Link to="/queue?tab=mine">{t('navQueue')}</Link> },
      { key: '/queue?tab=all', icon: <SearchOutlined />, label: <Link to="/queue?tab=all">{t('navSearch')}</Link> },
    ];
    // convenience only: the server refuses registration to other roles anyway
    if (hasRole('intake', 'dispatcher')) list.push({ key: '/register', icon: <FormOutlined />, label: <Link to="/register">{t('navRegister')}</Link> });
    // 批量导入 (docs/import-export.md): the roles that may register
    if (hasRole('intake', 'dispatcher')) list.push({ key: '/imports', icon: <UploadOutlined />, label: <Link to="/imports">{lang === 'zh' ? '批量导入' : 'Bulk import'}</Link> });
    // 接访管理 (docs/reception.md): who sees reception days, and the leaders' cases for the metric roles
    if (hasRole('intake', 'dispatcher', 'unit_head', 'supervisor', 'analyst', 'admin'))
      list.push({
        key: 'reception',
        icon: <CalendarOutlined />,
        label: t('navReception'),
        children: [
          { key: '/reception', label: <Link to="/reception" data-testid="nav-reception">{t('rcDays')}</Link> },
          ...(hasRole('analyst', 'supervisor', 'dispatcher', 'unit_head', 'admin')
            ? [{ key: '/reception/leader-cases', label: <Link to="/reception/leader-cases" data-testid="nav-leader-cases">{t('navLeaderCases')}</Link> }]
            : []),
        ],
      });
    const registers = REGISTERS.filter((r) => hasRole(...r.roles));
    if (registers.length)
      list.push({
        key: 'registers',
        icon: <AuditOutlined />,
        label: t('navRegisters'),
        children: registers.map((r) => ({ key: `/registers/${r.key}`, label: <Link to={`/registers/${r.key}`}>{pick(r.title, lang)}</Link> })),
      });
    if (hasRole('analyst', 'supervisor', 'dispatcher', 'unit_head', 'admin'))
      list.push({
        key: 'analytics',
        icon: <LineChartOutlined />,
        label: t('navAnalytics'),
        children: [
          // the dashboards answer the metric roles only (docs/dashboards.md)
          ...(hasRole('analyst', 'supervisor', 'dispatcher', 'unit_head')
            ? [
                { key: '/analytics/overview', label: <Link to="/analytics/overview">{t('navOverview')}</Link> },
                { key: '/analytics/rankings', label: <Link to="/analytics/rankings">{t('navRankings')}</Link> },
                { key: '/analytics/map', label: <Link to="/analytics/map">{t('navMap')}</Link> },
                { key: '/analytics/bigscreen', label: <Link to="/analytics/bigscreen">{t('navBigscreen')}</Link> },
                { key: '/analytics/reports', label: <Link to="/analytics/reports">{t('navReports')}</Link> },
              ]
            : []),
          { key: '/analytics/hotspots', label: <Link to="/analytics/hotspots">{t('navHotspots')}</Link> },
        ],
      });
    if (hasRole('admin'))
      list.push({
        key: 'admin',
        icon: <SettingOutlined />,
        label: t('navAdmin'),
        children: [
          { key: '/admin/units', label: <Link to="/admin/units">{t('navUnits')}</Link> },
          { key: '/admin/users', label: <Link to="/admin/users">{t('navUsers')}</Link> },
          { key: '/admin/clock-rules', label: <Link to="/admin/clock-rules">{t('navClockRules')}</Link> },
          { key: '/admin/holidays', label: <Link to="/admin/holidays">{t('navHolidays')}</Link> },
          { key: '/admin/categories', label: <Link to="/admin/categories">{t('navCategories')}</Link> },
          { key: '/admin/templates', label: <Link to="/admin/templates">{t('navTemplates')}</Link> },
          { key: '/admin/routing-rules', label: <Link to="/admin/routing-rules">{t('navRoutingRules')}</Link> },
        ],
      });
    return list;
  }, [t, hasRole, lang]);

  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;

  const tab = new URLSearchParams(location.search).get('tab') ?? 'mine';
  const selected = location.pathname === '/queue' ? `/queue?tab=${tab}` : location.pathname.replace(/^(\/(?:registers|analytics)\/[^/]+).*/, '$1');

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main" className="ms-skip">
        {lang === 'zh' ? '跳到主要内容' : 'Skip to main content'}
      </a>
      <header className="ms-header">
        <Link to="/queue" className="ms-brand" aria-label={t('appName')}>
          {t('appName')} <span className="ms-hide-sm" style={{ fontWeight: 400, fontSize: 14, color: '#555' }}>· {t('workbench')}</span>
        </Link>
        <span className="ms-spacer" />
        <Space wrap size={8} data-testid="current-user">
          <UserOutlined aria-hidden />
          <Typography.Text strong>{me.displayName}</Typography.Text>
          <Typography.Text type="secondary" className="ms-hide-sm">
            {me.unit?.name}
          </Typography.Text>
          {me.roleLabels.map((r) => (
            <Tag key={r}>{r}</Tag>
          ))}
        </Space>
        <MessageBell />
        <NotifySettings />
        <LangSwitch />
        <Button
          icon={<LogoutOutlined />}
          onClick={async () => {
            await logout();
            navigate('/login');
          }}
        >
          {t('logout')}
        </Button>
      </header>
      <Layout>
        <Layout.Sider breakpoint="lg" collapsedWidth={0} width={200} theme="light" style={{ borderRight: '1px solid #eee' }}>
          <nav aria-label={t('workbench')}>
            <Menu mode="inline" selectedKeys={[selected]} defaultOpenKeys={['admin', 'registers', 'analytics', 'reception']} items={items} style={{ borderRight: 0 }} />
          </nav>
        </Layout.Sider>
        <Layout.Content>
          <main id="main" className="ms-content" tabIndex={-1}>
            <Outlet />
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
