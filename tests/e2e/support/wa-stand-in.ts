import { MEDIA_HOST_CA_FILE, type WaStandIn } from '../../../electron/core/channels/whatsapp/testing/wa-server';

/**
 * How a journey's host reaches the WhatsApp protocol stand-in: hidden `serve` flags, accepted only
 * from the sources with NODE_ENV=test (an environment variable could leak into a normal start).
 * Media uploads go to the stand-in's HTTPS host, so its test certificate is trusted.
 */
export function standInHost(wa: WaStandIn, url = wa.url): { env: Record<string, string>; args: string[] } {
  return {
    env: { NODE_ENV: 'test', NODE_EXTRA_CA_CERTS: MEDIA_HOST_CA_FILE },
    args: ['--test-wa-url', url, '--test-wa-root-key', wa.root.publicKey.toString('hex')],
  };
}
