#!/usr/bin/env node
// `npm start`: builds the web app when web/dist is missing or older than its sources, then runs the server
// (tsx src/cli.ts serve, or the CLI command given as arguments; `build-web` only builds). One command for a newcomer: npm install && npm start.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

/** Newest modification time under the given files and folders. */
function newest(paths) {
  let max = 0;
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else max = Math.max(max, st.mtimeMs);
  };
  paths.forEach(walk);
  return max;
}

export function webBuildIsStale() {
  if (!fs.existsSync(built)) return true;
  const sources = newest([path.join(web, 'src'), path.join(web, 'index.html'), path.join(web, 'vite.config.ts')]);
  return sources > fs.statSync(built).mtimeMs;
}

export async function buildWebIfStale({ log = console.log } = {}) {
  if (!webBuildIsStale()) return false;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    log('web/dist is missing or stale and vite is not installed (npm install): serving the API only');
    return false;
  }
  log('Building the web app (web/dist) …');
  const started = Date.now();
  // a test runner's NODE_ENV=test would otherwise give React's development build
  process.env.NODE_ENV = 'production';
  await vite.build({ configFile: path.join(web, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  log(`Web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  if (args[0] === 'build-web') {
    // used by the browser tests: build only when needed, then exit
    await buildWebIfStale();
    process.exit(0);
  }
  try {
    await buildWebIfStale();
  } catch (err) {
    console.error('web build failed; serving the API only:', err instanceof Error ? err.message : err);
  }
  const tsx = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'tsx.cmd' : 'tsx');
  const child = spawn(tsx, ['src/cli.ts', ...(args.length ? args : ['serve'])], { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
