import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveExperiment } from '../../src/experiment/config.js';
import { startWorker, type WorkerEvent } from '../../src/experiment/sweep/remote-worker.js';
import { WIRE_FORMAT } from '../../src/experiment/sweep/wire.js';
import { VERSION } from '../../src/version.js';
import { runCli, startCli, tempDir } from '../helpers/cli.js';
import { jsonRowsWithoutTiming } from '../helpers/results.js';
import { freePort, redisServerBinary, startRedis, type TestRedis } from '../helpers/redis.js';

/** A child's output so far, and a way to wait for a line matching a pattern. */
function watch(child: ChildProcess): {
  text: () => string;
  waitFor: (pattern: RegExp, ms: number) => Promise<RegExpMatchArray>;
} {
  let out = '';
  const waiting: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const onData = (d: Buffer): void => {
    out += d.toString();
    for (const w of [...waiting]) {
      const m = out.match(w.pattern);
      if (m !== null) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  return {
    text: () => out,
    waitFor: (pattern, ms) =>
      new Promise((resolve, reject) => {
        const now = out.match(pattern);
        if (now !== null) return resolve(now);
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; output so far:\n${out}`)), ms);
        waiting.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      }),
  };
}

const exited = (child: ChildProcess, ms: number): Promise<number | null> =>
  new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} still running after ${ms} ms`)), ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });

// CI installs redis-server (.ci/run); elsewhere the suite says why it did not run.
const available = redisServerBinary() !== null || process.env.CI !== undefined;

describe.skipIf(!available)('qunlearn sweep --redis with qunlearn worker processes', () => {
  let redis: TestRedis;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await redis?.stop();
  });

  it("survives a worker killed mid-run: the run is retried elsewhere, and the results equal the local executor's", async () => {
    const grid = [
      '--layers',
      '1,2',
      '--seeds',
      '0,1',
      '--methods',
      'original,ga,scrub',
      '--scenarios',
      'subset',
      '--epochs',
      '10',
      '--no-report',
    ];
    const worker = (): ReturnType<typeof watch> & { child: ChildProcess } => {
      const child = startCli([
        'worker',
        '--redis',
        redis.url,
        '--queue',
        'test',
        '--concurrency',
        '1',
        '--lock-duration',
        '2000',
        '--stalled-interval',
        '1000',
      ]);
      children.push(child);
      return { child, ...watch(child) };
    };
    const a = worker();
    const b = worker();
    await Promise.all([a.waitFor(/Ctrl-C to stop/, 20_000), b.waitFor(/Ctrl-C to stop/, 20_000)]);
    const dir = join(tempDir(), 'distributed');
    const host = startCli(['sweep', '--redis', redis.url, '--queue', 'test', ...grid, '--out', dir]);
    children.push(host);
    const hostOut = watch(host);
    const [, killed] = await a.waitFor(/started (run \S+)/, 60_000);
    a.child.kill('SIGKILL');
    expect(await exited(host, 90_000), hostOut.text()).toBe(0);
    // The killed worker's run was taken up again by the other worker.
    expect(b.text()).toContain(`started ${killed} `);
    expect(b.text()).toMatch(/stalled \(its worker stopped\): queued again/);
    expect(hostOut.text()).toMatch(/sweep: 4 runs · 4 complete · 0 failed/);
    const status = JSON.parse(readFileSync(join(dir, 'sweep-status.json'), 'utf8')) as {
      runs: Record<string, { state: string; where: string }>;
    };
    expect(Object.values(status.runs).map((r) => r.state)).toEqual(['complete', 'complete', 'complete', 'complete']);

    const rows = jsonRowsWithoutTiming(join(dir, 'sweep.json'));
    const ids = rows.map((r) => `${String(r.run)}/${String(r.scenario)}/${String(r.method)}`);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(4 * 3);
    const local = join(tempDir(), 'local');
    expect(runCli(['sweep', ...grid, '--out', local, '--quiet']).status).toBe(0);
    expect(rows).toEqual(jsonRowsWithoutTiming(join(local, 'sweep.json')));
    b.child.kill('SIGTERM');
    expect(await exited(b.child, 20_000)).toBe(0);
  });

  it('refuses jobs from another qunlearn version and configurations whose names would leave the scratch folder', async () => {
    const events: WorkerEvent[] = [];
    const worker = await startWorker({
      url: redis.url,
      queue: 'refuse',
      concurrency: 1,
      runWorkers: 1,
      onEvent: (e) => events.push(e),
    });
    const queue = new Queue('refuse', { connection: { url: redis.url } });
    const queueEvents = new QueueEvents('refuse', { connection: { url: redis.url } });
    try {
      await queueEvents.waitUntilReady();
      const experiment = { ...resolveExperiment({ methods: ['original'], scenarios: ['subset'] }), seeds: [0] };
      const data = {
        format: WIRE_FORMAT,
        qunlearnVersion: VERSION,
        sweepId: 's1',
        resultKey: 'k',
        kind: 'references',
        key: '0123abcd',
        seed: 0,
        scenarios: ['subset'],
        experiment,
      };
      const old = await queue.add('references', { ...data, qunlearnVersion: '0.0.1' }, { jobId: 's1.old' });
      await expect(old.waitUntilFinished(queueEvents, 20_000)).rejects.toThrow(
        `references 0123abcd seed 0 was sent by qunlearn 0.0.1 but worker ${worker.name} runs ${VERSION}; install the same version on every machine`,
      );
      const sneaky = await queue.add(
        'references',
        { ...data, experiment: { ...experiment, scenarios: [{ kind: 'subset', name: '../../escape' }] } },
        { jobId: 's1.sneaky' },
      );
      await expect(sneaky.waitUntilFinished(queueEvents, 20_000)).rejects.toThrow(
        "refusing scenario name '../../escape'",
      );
      expect(events.filter((e) => e.type === 'failed')).toHaveLength(2);
      expect(events.some((e) => e.type === 'started')).toBe(false);
    } finally {
      await queueEvents.close();
      await queue.close();
      await worker.close(true);
    }
  });

  it('names the URL in one clear error when Redis cannot be reached', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const out = join(tempDir(), 'x');
    const sweep = runCli([
      'sweep',
      '--redis',
      url.replace('//', '//:secret@'),
      '--methods',
      'original',
      '--out',
      out,
      '--quiet',
    ]);
    expect(sweep.status).toBe(1);
    expect(sweep.stderr).toMatch(
      new RegExp(
        `^qunlearn: error: cannot reach Redis at ${url.replace('//', '//:\\*\\*\\*@')}/? \\(.*ECONNREFUSED.*\\); start a Redis server there, or pass the right --redis URL`,
      ),
    );
    expect(sweep.stderr).not.toContain('secret');
    expect(existsSync(out)).toBe(false);
    const worker = runCli(['worker', '--redis', url]);
    expect(worker.status).toBe(1);
    expect(worker.stderr).toMatch(/^qunlearn: error: cannot reach Redis at /);
    expect(runCli(['worker', '--redis', 'http://x']).stderr).toBe(
      "qunlearn: error: --redis: expected a URL like redis://[:password@]host:6379[/db] (or rediss:// for TLS), got 'http://x'\n",
    );
  });
});
