import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useI18n } from '../i18n/i18n';

export function LangSwitch({ ghost }: { ghost?: boolean }) {
  const { lang, setLang, t } = useI18n();
  return (
    <Button
      icon={<GlobalOutlined />}
      ghost={ghost}
      onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
      aria-label={lang === 'zh' ? 'Switch to English' : '切换到中文'}
      data-testid="lang-switch"
      lang={lang === 'zh' ? 'en' : 'zh-CN'}
    >
      {t('switchLang')}
    </Button>
  );
}
