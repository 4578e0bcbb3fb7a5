import { describe, expect, it } from 'vitest';
import { gpuCount, memoryMb, parseDuration, parseSacct, parseScontrolJob, parseSinfo, parseSlurmTime, parseSqueue } from './slurm-parsers.js';

// Recorded from Debian's slurm-wlm 22.05.8 (scripts/slurm-cluster.sh), trimmed where marked.
const FAILED =
  'JobId=20 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901740 Nice=0 Account=(null) QOS=(null) JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=3:0 RunTime=00:00:00 TimeLimit=365-00:00:00 TimeMin=N/A SubmitTime=2026-11-27T07:10:32 EligibleTime=2026-11-27T07:10:32 AccrueTime=2026-11-27T07:10:32 StartTime=2026-11-27T07:10:32 EndTime=2026-11-27T07:10:32 Deadline=N/A SuspendTime=None SecsPreSuspend=0 LastSchedEval=2026-11-27T07:10:32 Scheduler=Backfill Partition=debug AllocNode:Sid=localhost:28659 ReqNodeList=(null) ExcNodeList=(null) NodeList=fw-node2 BatchHost=fw-node2 NumNodes=1 NumCPUs=1 NumTasks=1 CPUs/Task=1 ReqB:S:C:T=0:0:*:* TRES=cpu=1,mem=256M,node=1,billing=1 Socks/Node=* NtasksPerN:B:S:C=0:0:*:* CoreSpec=* MinCPUsNode=1 MinMemoryCPU=256M MinTmpDiskNode=0 Features=(null) DelayBoot=00:00:00 OverSubscribe=OK Contiguous=0 Licenses=(null) Network=(null) Command=(null) WorkDir=/tmp/t1 StdErr=/dev/null StdIn=/dev/null StdOut=/dev/null Power= \n';
const TIMEOUT =
  'JobId=18 JobName=wrap UserId=root(0) GroupId=root(0) JobState=TIMEOUT Reason=TimeLimit Dependency=(null) ExitCode=0:15 RunTime=00:01:16 TimeLimit=00:01:00 Partition=debug AllocNode:Sid=localhost:28659 ReqNodeList=(null) ExcNodeList=(null) NodeList=fw-node1 BatchHost=fw-node1 NumNodes=1 Command=/tmp/my jobs/run.sh WorkDir=/tmp/t1 Power= \n'; // trimmed
const CANCELLED_PENDING =
  'JobId=5 JobName=wrap UserId=root(0) JobState=CANCELLED Reason=None Dependency=(null) ExitCode=0:0 RunTime=00:00:00 TimeLimit=UNLIMITED Partition=debug ReqNodeList=(null) ExcNodeList=(null) NodeList= NumNodes=1 Power= \n'; // trimmed

describe('SLURM output parsers', () => {
  describe('squeue', () => {
    it('reads states, node lists, the reasons pending jobs wait, and how ended jobs ended', () => {
      // Recorded with `squeue -h -t all -O 'JobID:|,State:|,Reason:|,NodeList:|,exit_code:|,TimeUsed:|,EndTime:|'` (TZ=UTC).
      const rows = parseSqueue(
        '2496|FAILED|NonZeroExitCode|fw-node1|768|0:00|2026-12-06T03:06:58|\n2497|RUNNING|None|fw-node1|0|0:02|2027-12-06T03:07:10|\n' +
          '2499|FAILED|JobLaunchFailure|fw-node1|9|0:00|2026-12-06T03:07:27|\n2500|PENDING|Priority||0|0:00|N/A|\n2501|COMPLETED|None|fw-node[1-2]|0|1:02:03|2026-12-06T04:09:30|\n',
      );
      expect(rows.get('2496')).toEqual({
        id: '2496',
        state: 'FAILED',
        reason: 'NonZeroExitCode',
        nodes: 'fw-node1',
        exitCode: 3,
        signal: 0,
        runSeconds: 0,
        endTime: Date.UTC(2026, 11, 6, 3, 6, 58),
      });
      expect(rows.get('2497')).toMatchObject({ state: 'RUNNING', reason: null, nodes: 'fw-node1', runSeconds: 2 });
      // Killed by SIGKILL: the signal is in the low bits of the wait status.
      expect(rows.get('2499')).toMatchObject({ exitCode: 0, signal: 9 });
      expect(rows.get('2500')).toMatchObject({ state: 'PENDING', reason: 'Priority', nodes: null, endTime: null });
      expect(rows.get('2501')).toMatchObject({ nodes: 'fw-node[1-2]', runSeconds: 3723 });
    });

    it('gives an empty map for empty output', () => {
      expect(parseSqueue('').size).toBe(0);
    });
  });

  describe('scontrol show job', () => {
    it('reads the state, exit code, node list and run time of a failed job', () => {
      expect(parseScontrolJob(FAILED)).toEqual({
        id: '20',
        state: 'FAILED',
        reason: 'NonZeroExitCode',
        exitCode: 3,
        signal: 0,
        nodes: 'fw-node2',
        runSeconds: 0,
        endTime: Date.UTC(2026, 10, 27, 7, 10, 32),
      });
    });

    it('reads the signal of a job SLURM ended at its time limit, with spaces in other values', () => {
      expect(parseScontrolJob(TIMEOUT)).toMatchObject({ state: 'TIMEOUT', reason: 'TimeLimit', exitCode: 0, signal: 15, nodes: 'fw-node1', runSeconds: 76 });
    });

    it('gives no node list for a job cancelled before it ran', () => {
      expect(parseScontrolJob(CANCELLED_PENDING)).toMatchObject({ state: 'CANCELLED', reason: null, nodes: null, endTime: null });
    });

    it('gives undefined when there is no job line', () => {
      expect(parseScontrolJob('')).toBeUndefined();
    });
  });

  describe('sinfo', () => {
    it('marks the default partition and reads per-node figures', () => {
      expect(parseSinfo('debug*|up|2|2|11540|(null)|infinite\n')).toEqual([
        { partition: 'debug', isDefault: true, state: 'up', nodes: 2, cpus: 2, memoryMb: 11540, gpus: 0, maxTimeMinutes: null },
      ]);
    });

    it('reads one line per node configuration of a partition, with GPUs and a time limit', () => {
      const groups = parseSinfo('gpu|up|4|64|512000|gpu:a100:8(S:0-1)|2-00:00:00\ngpu|up|2|32+|256000|gpu:4,shard:8|2-00:00:00\n');
      expect(groups.map((g) => [g.partition, g.isDefault, g.nodes, g.cpus, g.gpus, g.maxTimeMinutes])).toEqual([
        ['gpu', false, 4, 64, 8, 2880],
        ['gpu', false, 2, 32, 4, 2880],
      ]);
    });
  });

  describe('sacct', () => {
    it('reads the job line and takes peak memory from its steps', () => {
      const text = [
        '41|CANCELLED by 0|0:15|00:01:02|00:10.500|00:01.250||node[1-2]|2026-12-06T03:07:27',
        '41.batch|CANCELLED|0:15|00:01:02|00:00.010|00:00.005|2048K|node1|2026-12-06T03:07:27',
        '41.0|CANCELLED|0:15|00:01:01|00:10.490|00:01.245|512M|node[1-2]|2026-12-06T03:07:26',
      ].join('\n');
      expect(parseSacct(text)).toEqual({
        id: '41',
        state: 'CANCELLED',
        reason: null,
        exitCode: 0,
        signal: 15,
        nodes: 'node[1-2]',
        runSeconds: 62,
        endTime: Date.UTC(2026, 11, 6, 3, 7, 27),
        cpuUserSeconds: 10.5,
        cpuSystemSeconds: 1.25,
        maxRssMb: 512,
      });
    });

    it('gives no node list for a job that never got one', () => {
      expect(parseSacct('42|CANCELLED by 0|0:0|00:00:00|00:00:00|00:00:00||None assigned\n')?.nodes).toBeNull();
    });
  });

  describe('times', () => {
    it('reads the standard format as UTC, and nothing else', () => {
      expect(parseSlurmTime('2026-11-27T07:10:32')).toBe(Date.UTC(2026, 10, 27, 7, 10, 32));
      for (const none of ['Unknown', 'None', 'N/A', '', '2026-11-27', 'Fri Nov 27 07:10:32']) expect(parseSlurmTime(none), none).toBeNull();
    });
  });

  describe('units', () => {
    it('reads SLURM durations', () => {
      expect(parseDuration('00:00:05')).toBe(5);
      expect(parseDuration('01:02:03')).toBe(3723);
      expect(parseDuration('1-00:00:10')).toBe(86_410);
      expect(parseDuration('05:30')).toBe(330);
      expect(parseDuration('00:01.250')).toBe(1.25);
      expect(parseDuration('30')).toBe(1800);
      expect(parseDuration('infinite')).toBeNull();
      expect(parseDuration('UNLIMITED')).toBeNull();
    });

    it('counts GPUs in GRES strings', () => {
      expect(gpuCount('(null)')).toBe(0);
      expect(gpuCount('gpu:2')).toBe(2);
      expect(gpuCount('gpu:a100:4(S:0-1)')).toBe(4);
      expect(gpuCount('gpu:a100:2,gpu:v100:1,shard:8')).toBe(3);
    });

    it('converts sacct memory to MiB', () => {
      expect(memoryMb('2048K')).toBe(2);
      expect(memoryMb('1.5G')).toBe(1536);
      expect(memoryMb('')).toBeNull();
    });
  });
});
