import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import { Loading } from './components/Loading';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { I18nProvider, useI18n } from './i18n/i18n';
import { MetaProvider } from './lib/meta';
import { SessionProvider } from './features/auth/session';
import { StaffShell } from './components/StaffShell';
import { LoginPage } from './features/auth/LoginPage';

const QueuePage = lazy(() => import('./features/queue/QueuePage'));
const CasePage = lazy(() => import('./features/case/CasePage'));
const RegisterPage = lazy(() => import('./features/register/RegisterPage'));
const AdminPage = lazy(() => import('./features/admin/AdminPage'));
const PortalApp = lazy(() => import('./features/portal/PortalApp'));
const RegisterListPage = lazy(() => import('./features/registers/RegisterListPage'));
const RegisterRecordPage = lazy(() => import('./features/registers/RegisterRecordPage'));
const RegisterBoardPage = lazy(() => import('./features/registers/RegisterBoardPage'));
const BulletinsPage = lazy(() => import('./features/registers/BulletinsPage'));
const HotspotsPage = lazy(() => import('./features/analytics/HotspotsPage'));
const TopicReportPage = lazy(() => import('./features/analytics/TopicReportPage'));
const OverviewPage = lazy(() => import('./features/dashboard/OverviewPage'));
const RankingsPage = lazy(() => import('./features/dashboard/RankingsPage'));
const MapPage = lazy(() => import('./features/dashboard/MapPage'));
const BigScreenPage = lazy(() => import('./features/dashboard/BigScreenPage'));
const ReportsPage = lazy(() => import('./features/reports/ReportsPage'));
const ImportsPage = lazy(() => import('./features/imports/ImportsPage'));
const ReceptionPage = lazy(() => import('./features/reception/ReceptionPage'));
const LeaderCasesPage = lazy(() => import('./features/reception/LeaderCasesPage'));


function Themed() {
  const { lang, t } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#b71c1c', borderRadius: 4 } }}>
      <AntApp>
        <MetaProvider fallback={<Loading />}>
          <BrowserRouter>
            <Suspense fallback={<Loading />}>
              <Routes>
                <Route path="/portal/*" element={<PortalApp />} />
                <Route
                  path="*"
                  element={
                    <SessionProvider>
                      <Routes>
                        <Route path="/login" element={<LoginPage />} />
                        <Route path="/analytics/bigscreen" element={<BigScreenPage />} />
                        <Route element={<StaffShell />}>
                          <Route index element={<Navigate to="/queue" replace />} />
                          <Route path="/queue" element={<QueuePage />} />
                          <Route path="/cases/:id" element={<CasePage />} />
                          <Route path="/register" element={<RegisterPage />} />
                          <Route path="/admin/*" element={<AdminPage />} />
                          <Route path="/registers/:key" element={<RegisterListPage />} />
                          <Route path="/registers/supervision/bulletins" element={<BulletinsPage />} />
                          <Route path="/analytics/hotspots" element={<HotspotsPage />} />
                          <Route path="/analytics/hotspots/:index" element={<TopicReportPage />} />
                          <Route path="/analytics/overview" element={<OverviewPage />} />
                          <Route path="/analytics/rankings" element={<RankingsPage />} />
                          <Route path="/analytics/map" element={<MapPage />} />
                          <Route path="/analytics/reports" element={<ReportsPage />} />
                          <Route path="/imports" element={<ImportsPage />} />
                          <Route path="/reception" element={<ReceptionPage />} />
                          <Route path="/reception/leader-cases" element={<LeaderCasesPage />} />
                          <Route path="/registers/:key/board" element={<RegisterBoardPage />} />
                          <Route path="/registers/:key/:id" element={<RegisterRecordPage />} />
                          <Route path="*" element={<div style={{ padding: 24 }}>{t('notFoundPage')}</div>} />
                        </Route>
                      </Routes>
                    </SessionProvider>
                  }
                />
              </Routes>
            </Suspense>
          </BrowserRouter>
        </MetaProvider>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
