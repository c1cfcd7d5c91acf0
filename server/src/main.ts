import { loadConfig } from './config';
import { startPlatform } from './platform/startup';

const config = loadConfig();
startPlatform(config).catch((err) => {
  console.error(`\n启动失败：${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
