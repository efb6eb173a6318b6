// The npm registry mirror reachable here lacks some platform-specific optional packages (msgpackr-extract's
// darwin/win32/linux-arm builds), so `npm install` writes a lockfile without their entries, and `npm ci` then refuses
// it as out of sync. This adds the missing optional entries (platform-gated, never installed on this machine).
// Run it after any `npm install`: node .ci/fix-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
const platforms = { 'darwin-arm64': ['darwin', 'arm64'], 'darwin-x64': ['darwin', 'x64'], 'linux-arm': ['linux', 'arm'], 'linux-arm64': ['linux', 'arm64'], 'linux-x64': ['linux', 'x64'], 'win32-x64': ['win32', 'x64'] };
let added = 0;
for (const [key, pkg] of Object.entries(lock.packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const where = `node_modules/${dep}`;
    if (lock.packages[where] || lock.packages[`${key}/${where}`]) continue;
    const suffix = Object.keys(platforms).find((p) => dep.endsWith(`-${p}`));
    if (!suffix) continue;
    const [os, cpu] = platforms[suffix];
    lock.packages[where] = { version, cpu: [cpu], license: 'MIT', optional: true, os: [os] };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`fix-lockfile: added ${added} optional platform entr${added === 1 ? 'y' : 'ies'}`);
