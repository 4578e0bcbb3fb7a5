/**
 * The compute benchmark (`npm run bench:compute`): submit-to-start latency and scheduling
 * throughput of the local executor over the jobs API, and (when a SLURM cluster answers)
 * the time to run the same trivial jobs through Flywheel against raw `sbatch`. Prints the
 * figures with the issue's targets and writes bench/results/compute-<date>.json.
 *
 *   --profile      the server runs under --cpu-prof (bench/results/profiles/compute-*.cpuprofile)
 *   --quick        100 jobs instead of 1,000 (checks the script; figures not comparable)
 *   --only=local|slurm
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureLocalJobs } from './sections/jobs-local.js';
import { measureSlurmJobs, slurmAvailable } from './sections/jobs-slurm.js';
import { machine } from './support/machine.js';
import { startServerChild } from './support/server-child.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const profile = args.includes('--profile');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const unknown = args.filter((a) => a !== '--quick' && a !== '--profile' && !a.startsWith('--only='));
if (unknown.length > 0 || (only !== undefined && !['local', 'slurm'].includes(only))) {
  console.error(`usage: node dist/bench/compute.js [--quick] [--profile] [--only=local|slurm]`);
  process.exit(2);
}
const jobs = quick ? 100 : 1000;
const slurmJobs = quick ? 50 : Number(process.env.FW_BENCH_SLURM_JOBS ?? 1000);
const resultsDir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
const profileDir = `${resultsDir}profiles`;
const figures: Record<string, unknown> = { date: new Date().toISOString(), machine: machine(), jobs, quick };

// Far more CPUs than the jobs need: every job finds a free slot, so latency is the scheduler's own.
const HOST_CPUS = 4096;
process.env.FW_COMPUTE_CPUS = String(HOST_CPUS);

if (only !== 'slurm') {
  const server = await startServerChild({ name: 'compute-local', ...(profile ? { profileDir } : {}) });
  try {
    const local = await measureLocalJobs(server.url, { jobs, hostCpus: HOST_CPUS });
    figures.local = local;
    console.log(`local executor, ${jobs} trivial jobs (\`true\`):`);
    console.log(`  submit-to-start p50 ${local.latencyP50Ms} ms, p99 ${local.latencyP99Ms} ms, max ${local.latencyMaxMs} ms   (target p50 < 20 ms)`);
    console.log(`  scheduling throughput ${local.throughputJobsPerSecond} jobs/s (${jobs} started in ${local.throughputSpanMs} ms)   (target >= 200 jobs/s)`);
    console.log(`  submit rate with 16 clients ${local.submitRequestsPerSecond} requests/s`);
  } finally {
    await server.close();
  }
}

if (only !== 'local') {
  const why = await slurmAvailable();
  if (why) {
    console.log(`SLURM: skipped (${why})`);
    figures.slurm = { skipped: why };
  } else {
    const server = await startServerChild({ name: 'compute-slurm', ...(profile ? { profileDir } : {}) });
    try {
      const slurm = await measureSlurmJobs(server.url, { jobs: slurmJobs });
      figures.slurm = slurm;
      console.log(`SLURM, ${slurmJobs} trivial jobs:`);
      console.log(`  raw sbatch: ${slurm.rawSeconds} s; through Flywheel: ${slurm.flywheelSeconds} s; overhead ${slurm.overheadPercent}%   (target < 10%)`);
    } finally {
      await server.close();
    }
  }
}

mkdirSync(resultsDir, { recursive: true });
// One file per section run alone, so a SLURM-only run does not overwrite the local figures.
const file = `${resultsDir}compute${only ? `-${only}` : ''}-${new Date().toISOString().slice(0, 10)}.json`;
writeFileSync(file, JSON.stringify(figures, null, 2));
console.log(`figures written to ${file}`);
