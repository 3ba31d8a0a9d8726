/** Builds web/dist when it is missing or older than web/src, as `npm start` does, before any browser opens. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export default function setup() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  if (!fs.existsSync('/usr/bin/chromium')) throw new Error('browser tests need Debian chromium: apt-get install -y chromium fonts-wqy-microhei');
  execFileSync(process.execPath, [path.join(root, 'scripts/start.mjs'), 'build-web'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  fs.rmSync(path.join(root, 'test-results/screenshots'), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, 'test-results/screenshots'), { recursive: true });
}
