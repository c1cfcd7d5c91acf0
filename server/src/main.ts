import { loadConfig } from './config';
import { startPlatform } from './platform/startup';

const config = loadConfig();
startPlatform(config).catch((err) => {
  const message = err instanceof Error ? err.message : typeof err === 'object' && err && 'message' in err ? String((err as { message: unknown }).message) : JSON.stringify(err);
  console.error(`\n启动失败：${message}\n`);
  if (err instanceof Error && process.env.XZ_LOG_LEVEL === 'debug') console.error(err.stack);
  process.exit(1);
});
