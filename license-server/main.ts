// Entry point: `npm run license-server` (tsx license-server/main.ts).
import { ConfigError, loadConfig } from './config';
import { startLicenseServer } from './server';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`license-server: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const server = await startLicenseServer(config);
  const products = Object.keys(config.products).length;
  console.log(`license-server listening on ${server.url} (${products} product(s), SMTP ${config.smtp ? 'on' : 'off: emails go to the outbox'})`);
  if (products === 0) console.warn('license-server: LICENSE_PRODUCTS is empty: every Hotmart purchase will be stored and ignored');
  const stop = () => {
    server.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error('license-server failed to start:', error);
  process.exit(1);
});
