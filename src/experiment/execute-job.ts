import { QunlearnError } from '../core/errors.js';
import { executeAuditJob } from './audit/execute.js';
import { executeStudyJob } from './execute.js';
import type { ExecutionEnv } from './job-env.js';
import { jobLabel, type Job, type JobResult } from './jobs.js';

/** Executes any job of a run folder in this process (the main thread with one worker, or a worker thread). */
export function executeJob(job: Job, env: ExecutionEnv): JobResult {
  if (job.kind !== 'audit-retrained' && job.kind !== 'audit-unlearned') return executeStudyJob(job, env);
  try {
    return executeAuditJob(job, env);
  } catch (e) {
    if (e instanceof QunlearnError) throw new QunlearnError(e.code, `${jobLabel(job)}: ${e.message}`);
    throw e;
  }
}
