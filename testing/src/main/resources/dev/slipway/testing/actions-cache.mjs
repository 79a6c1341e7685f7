// A Node.js action that caches with GitHub's @actions/cache, whatever its major version (CommonJS 4.x, ES module
// 6.x). Inputs as the runner passes them: INPUT_LIB (the package's directory), INPUT_KEY, INPUT_RESTORE_KEYS (one per
// line), INPUT_PATH, INPUT_SAVE ('true' to save after a miss, or always with INPUT_SAVE_ALWAYS), INPUT_SIZE (bytes of
// the file made to cache), INPUT_CHUNK (upload chunk size). Prints key=value lines.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const env = process.env;
const mod = await import(pathToFileURL(path.join(env.INPUT_LIB, 'lib', 'cache.js')).href);
const cache = typeof mod.restoreCache === 'function' ? mod : mod.default;
const dir = env.INPUT_PATH;
const file = path.join(dir, 'data.bin');
const digest = () => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const restoreKeys = (env.INPUT_RESTORE_KEYS || '').split('\n').filter(Boolean);

console.log(`available=${cache.isFeatureAvailable()}`);
const hit = await cache.restoreCache([dir], env.INPUT_KEY, restoreKeys);
console.log(`restored=${hit ?? ''}`);
if (hit) {
  console.log(`content=${digest()}`);
}
if (env.INPUT_SAVE === 'true' && (!hit || env.INPUT_SAVE_ALWAYS === 'true')) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, crypto.randomBytes(Number(env.INPUT_SIZE || 1000)));
  console.log(`wrote=${digest()}`);
  const id = await cache.saveCache([dir], env.INPUT_KEY, { uploadChunkSize: Number(env.INPUT_CHUNK || 1048576) });
  console.log(`saved=${id}`);
}
