import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Launch } from '../executor.js';
import { batchScript, passesToJob, sbatchArgs } from './batch-script.js';

const launch = (over: Partial<Launch> = {}): Launch => ({
  jobId: 'j123',
  attempt: 2,
  name: 'train',
  command: ['python', 'train.py', '--lr', "0.1 it's"],
  cwd: '/work/project',
  env: { FW_RUN_ID: 'r1', QUOTED: "a 'b' $c\nd", PWD: '/server', SLURM_JOB_ID: '7', SLURM_CONF: '/etc/slurm/x.conf', 'BAD-NAME': 'x' },
  resources: { cpus: 2, memoryMb: 512, gpus: 0, nodes: 1 },
  partition: null,
  timeoutSeconds: null,
  gpuIndices: [],
  dir: '/data/jobs/j123/attempt-2',
  ...over,
});

describe('SLURM batch script', () => {
  describe('sbatch options', () => {
    it('names the job after the attempt and asks for what one worker needs', () => {
      expect(sbatchArgs(launch())).toEqual([
        '--job-name=fw-j123-2',
        '--chdir=/work/project',
        '--output=/data/jobs/j123/attempt-2/output.log',
        '--export=NONE',
        '--no-requeue',
        '--nodes=1',
        '--ntasks-per-node=1',
        '--cpus-per-task=2',
        '--mem=512M',
      ]);
    });

    it('adds GPUs, a time limit with a minute of slack, and the partition', () => {
      const args = sbatchArgs(launch({ resources: { cpus: 1, memoryMb: 0, gpus: 2, nodes: 3 }, timeoutSeconds: 61, partition: 'gpu' }));
      expect(args).toContain('--gres=gpu:2');
      expect(args).toContain('--time=3');
      expect(args).toContain('--partition=gpu');
      expect(args).toContain('--nodes=3');
      expect(args).toContain('--output=/data/jobs/j123/attempt-2/batch.log');
      expect(args.some((a) => a.startsWith('--mem'))).toBe(false);
    });

    it('escapes a % in the attempt folder, which sbatch would expand', () => {
      expect(sbatchArgs(launch({ dir: '/data/100%/a' }))).toContain('--output=/data/100%%/a/output.log');
    });
  });

  describe('environment', () => {
    it('passes what the job may use and leaves out what SLURM or bash set per job and node', () => {
      expect(passesToJob('FW_RUN_ID', 0)).toBe(true);
      expect(passesToJob('SLURM_CONF', 0)).toBe(true);
      expect(passesToJob('SLURM_JOB_ID', 0)).toBe(false);
      expect(passesToJob('PWD', 0)).toBe(false);
      expect(passesToJob('BAD-NAME', 0)).toBe(false);
      expect(passesToJob('CUDA_VISIBLE_DEVICES', 0)).toBe(true);
      expect(passesToJob('CUDA_VISIBLE_DEVICES', 1)).toBe(false);
    });
  });

  describe('one worker', () => {
    it('exports the environment quoted, sets the worker variables and runs the command itself', () => {
      const script = batchScript(launch());
      expect(script).toMatch(/^#!\/bin\/bash\n/);
      expect(script).toContain("export FW_RUN_ID='r1'");
      expect(script).not.toContain('SLURM_JOB_ID=');
      expect(script).not.toContain('export PWD=');
      expect(script).toContain("export CUDA_VISIBLE_DEVICES=''");
      expect(script).toContain('export RANK=0 LOCAL_RANK=0 WORLD_SIZE=1 LOCAL_WORLD_SIZE=1 MASTER_ADDR=127.0.0.1');
      expect(script).toContain('exec "$@"');
      expect(script).not.toContain('srun');
      expect(script).toContain("cd '/work/project' || {");
    });

    it('survives bash with every quote, dollar and newline intact', () => {
      // Run the script's exports and `set --` in bash, with the exec replaced by a printout.
      const script = batchScript(launch({ cwd: '/' })).replace('exec "$@"', 'printf "%s|" "$QUOTED" "$@" "$RANK" "$MASTER_PORT"');
      const out = execFileSync('bash', ['-c', script], { env: { PATH: process.env.PATH ?? '', SLURM_JOB_ID: '20001' }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
      expect(out).toBe("a 'b' $c\nd|python|train.py|--lr|0.1 it's|0|20001|");
    });
  });

  describe('several workers', () => {
    it('runs the command through srun, one task per node, each with its own log and rank', () => {
      const script = batchScript(launch({ resources: { cpus: 2, memoryMb: 0, gpus: 1, nodes: 2 } }));
      expect(script).toContain('scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1');
      expect(script).toContain('WORLD_SIZE=$SLURM_NTASKS');
      expect(script).toMatch(/exec srun --export=ALL --kill-on-bad-exit=1 --nodes=2 --ntasks=2 --ntasks-per-node=1 --cpus-per-task=2 '--output=\/data\/jobs\/j123\/attempt-2\/rank-%t.log' bash --norc -c /);
      expect(script).toContain('RANK=$SLURM_PROCID LOCAL_RANK=$SLURM_LOCALID');
      expect(script).not.toContain('CUDA_VISIBLE_DEVICES');
      expect(script).not.toContain('--mem=');
    });
  });
});
