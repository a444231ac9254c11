import { Redis } from 'ioredis';
import { QunlearnError } from '../../core/errors.js';

/** A Redis URL as it may be shown: the password replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === '') return url;
    u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Checks that a URL is a Redis URL (`redis://` or `rediss://` for TLS). */
function checkUrl(url: string): void {
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new QunlearnError(
      'redis',
      `--redis: expected a URL like redis://[:password@]host:6379[/db] (or rediss:// for TLS), got '${redactUrl(url)}'`,
    );
  }
}

/**
 * Checks once that Redis answers at `url` (connects, authenticates, PING), failing fast with one clear error that
 * names the URL, instead of the endless reconnect loop a queue client would enter.
 */
export async function checkRedis(url: string, timeoutMs = 5000): Promise<void> {
  checkUrl(url);
  // A short disconnectTimeout: after a refused connection, ioredis would otherwise hold the process open for 2 s.
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    disconnectTimeout: 100,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  client.on('error', (e: Error) => {
    lastError = e;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    const reason = (lastError ?? (e as Error)).message;
    throw new QunlearnError(
      'redis',
      `cannot reach Redis at ${redactUrl(url)} (${reason}); start a Redis server there, or pass the right --redis URL (with the password, redis://:PASSWORD@host:port, if it needs one)`,
    );
  } finally {
    client.disconnect();
  }
}

/**
 * A connection for BullMQ queues and workers (which require `maxRetriesPerRequest: null`: their blocking commands
 * wait as long as it takes). Connection errors after the start are passed to `onError` instead of being thrown,
 * while the client reconnects by itself.
 */
export function redisConnection(url: string, onError: (e: Error) => void): Redis {
  const client = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true });
  client.on('error', onError);
  return client;
}
