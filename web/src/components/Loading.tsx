import { Spin } from 'antd';

export const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }} aria-busy="true">
    <Spin size="large" />
  </div>
);
