/**
 * Pure parsers for the output of SLURM's commands, in the formats `slurm-commands.ts`
 * asks for. Kept apart from the process calls so they are tested on recorded output.
 */

/** One row of `squeue -h -t all -o '%i|%T|%R|%N'`. */
export interface QueueRow {
  id: string;
  state: string;
  /** Why a pending job waits (`Priority`, `Resources`, ...), or why it ended; null for none. */
  reason: string | null;
  /** The node list, in SLURM's compressed form (`fw-node[1-2]`); null before nodes are given. */
  nodes: string | null;
  /**
   * How an ended job ended, read from the raw wait status: the controller keeps ended jobs
   * (for MinJobAge), so one squeue answers for them too, with no `scontrol` per job.
   */
  exitCode: number;
  signal: number;
  runSeconds: number | null;
  /** When an ended job ended (ms since the epoch); for one still pending or running SLURM's guess, not used. */
  endTime: number | null;
}

/** The `squeue -O` fields parseSqueue reads, `|`-separated in this order. */
export const SQUEUE_FIELDS = 'JobID:|,State:|,Reason:|,NodeList:|,exit_code:|,TimeUsed:|,EndTime:|';

export function parseSqueue(text: string): Map<string, QueueRow> {
  const rows = new Map<string, QueueRow>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [id = '', state = '', reason = '', nodes = '', status = '', used = '', end = ''] = line.trim().split('|');
    const raw = Number(status);
    rows.set(id, {
      id,
      state,
      reason: reason === 'None' || reason === '' ? null : reason,
      nodes: nodes === '' || nodes === '(null)' ? null : nodes,
      // A wait status: exit code in the high byte, terminating signal in the low 7 bits.
      exitCode: Number.isInteger(raw) ? (raw >> 8) & 0xff : 0,
      signal: Number.isInteger(raw) ? raw & 0x7f : 0,
      runSeconds: parseDuration(used),
      endTime: parseSlurmTime(end),
    });
  }
  return rows;
}

/** The record of an ended job as squeue shows it. */
export function recordOfRow(row: QueueRow): JobRecord {
  return { id: row.id, state: row.state, reason: row.reason, exitCode: row.exitCode, signal: row.signal, nodes: row.nodes, runSeconds: row.runSeconds, endTime: row.endTime };
}

/** What the executor needs from `scontrol show job -o <id>` (or from sacct). */
export interface JobRecord {
  id: string;
  state: string;
  reason: string | null;
  /** The exit status of the batch script. */
  exitCode: number;
  /** The signal that ended it; 0 when it exited by itself. */
  signal: number;
  /** Null when the job never got nodes (cancelled while pending). */
  nodes: string | null;
  runSeconds: number | null;
  /**
   * When it ended, in ms since the epoch, as SLURM recorded it (`EndTime`, sacct's `End`):
   * the true end of a job that ended while no server watched. Null when SLURM gives none.
   */
  endTime: number | null;
}

/**
 * `scontrol show job -o` prints `Key=Value` pairs separated by spaces on one line. Values
 * may themselves hold spaces (a Command path, a Comment), so the line is split only before
 * something that looks like a key (`AllocNode:Sid=`, `CPUs/Task=` included).
 */
export function parseScontrolFields(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of line.trim().split(/ (?=[A-Za-z][A-Za-z0-9_:/]*=)/)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1).trim());
  }
  return fields;
}

export function parseScontrolJob(text: string): JobRecord | undefined {
  const line = text.split('\n').find((l) => l.startsWith('JobId='));
  if (!line) return undefined;
  const f = parseScontrolFields(line);
  const [exitCode, signal] = parseExitCode(f.get('ExitCode') ?? '0:0');
  const reason = f.get('Reason');
  return {
    id: f.get('JobId') ?? '',
    state: f.get('JobState') ?? 'UNKNOWN',
    reason: reason === undefined || reason === 'None' ? null : reason,
    exitCode,
    signal,
    nodes: nullIfEmpty(f.get('NodeList')),
    runSeconds: parseDuration(f.get('RunTime') ?? ''),
    endTime: parseSlurmTime(f.get('EndTime') ?? ''),
  };
}

/**
 * A time as SLURM prints it in the standard format, `2026-11-27T07:10:32`: local time
 * without a zone, so the commands are run with TZ=UTC (`slurm-commands.ts`) and it is
 * read as UTC. Null for `Unknown`, `None`, `N/A` and anything else.
 */
export function parseSlurmTime(s: string): number | null {
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(s.trim())) return null;
  const ms = Date.parse(`${s.trim()}Z`);
  return Number.isFinite(ms) ? ms : null;
}

/** SLURM's `code:signal`. */
export function parseExitCode(s: string): [number, number] {
  const [code, signal] = s.split(':').map((x) => Number.parseInt(x, 10));
  return [Number.isFinite(code) ? code! : 0, Number.isFinite(signal) ? signal! : 0];
}

/**
 * SLURM durations: `[D-]HH:MM:SS`, `MM:SS`, `MM:SS.mmm` (sacct's CPU times), or a plain
 * number of minutes (a time limit). Null for `INVALID`, `UNLIMITED`, `infinite` and the like.
 */
export function parseDuration(s: string): number | null {
  const m = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(s.trim());
  if (m) {
    const [, days, hours, minutes, seconds] = m;
    // Without a day part, two fields are MM:SS, three are HH:MM:SS; with one, D-HH:MM:SS.
    return Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
  }
  if (/^\d+$/.test(s.trim())) return Number(s) * 60;
  const dayHours = /^(\d+)-(\d+)$/.exec(s.trim());
  if (dayHours) return Number(dayHours[1]) * 86_400 + Number(dayHours[2]) * 3600;
  return null;
}

/** One line of `sinfo -h -o '%P|%a|%D|%c|%m|%G|%l'`: nodes of one configuration in a partition. */
export interface NodeGroup {
  partition: string;
  isDefault: boolean;
  state: string;
  nodes: number;
  cpus: number;
  memoryMb: number;
  gpus: number;
  maxTimeMinutes: number | null;
}

/** A partition with nodes of several configurations is printed as several lines. */
export function parseSinfo(text: string): NodeGroup[] {
  const groups: NodeGroup[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const [name = '', state = '', nodes = '', cpus = '', memory = '', gres = '', limit = ''] = line.trim().split('|');
    const isDefault = name.endsWith('*');
    const seconds = parseDuration(limit);
    groups.push({
      partition: isDefault ? name.slice(0, -1) : name,
      isDefault,
      state,
      nodes: leadingInt(nodes),
      // A "+" suffix (`4+`) means "at least"; the figure is still what every node has.
      cpus: leadingInt(cpus),
      memoryMb: leadingInt(memory),
      gpus: gpuCount(gres),
      maxTimeMinutes: seconds === null ? null : Math.floor(seconds / 60),
    });
  }
  return groups;
}

/** GPUs per node in a GRES string: `gpu:4`, `gpu:a100:2(S:0-1)`, `gpu:2,shard:8`; 0 for `(null)`. */
export function gpuCount(gres: string): number {
  let total = 0;
  for (const item of gres.split(/,(?![^(]*\))/)) {
    const parts = item.replace(/\(.*\)$/, '').split(':');
    if (parts[0] !== 'gpu') continue;
    const n = Number.parseInt(parts[parts.length - 1] ?? '', 10);
    total += Number.isFinite(n) ? n : 1;
  }
  return total;
}

/** The end of a job as `sacct -n -P -o JobID,State,ExitCode,Elapsed,UserCPU,SystemCPU,MaxRSS,NodeList,End` tells it. */
export interface AccountingRecord extends JobRecord {
  cpuUserSeconds: number | null;
  cpuSystemSeconds: number | null;
  maxRssMb: number | null;
}

/**
 * The first line is the job itself; the lines after are its steps (`<id>.batch`,
 * `<id>.extern`, `<id>.0`), which alone carry MaxRSS. The job's State may read
 * `CANCELLED by 0`.
 */
export function parseSacct(text: string): AccountingRecord | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '').map((l) => l.trim().split('|'));
  const job = lines.find((l) => !(l[0] ?? '').includes('.'));
  if (!job) return undefined;
  const [id = '', state = '', exit = '', elapsed = '', user = '', system = '', , nodes = '', end = ''] = job;
  const [exitCode, signal] = parseExitCode(exit);
  const rss = lines.map((l) => memoryMb(l[6] ?? '')).filter((x): x is number => x !== null);
  return {
    id,
    state: state.split(' ')[0] ?? state,
    reason: null,
    exitCode,
    signal,
    nodes: nodes === '' || nodes === 'None assigned' ? null : nodes,
    runSeconds: parseDuration(elapsed),
    endTime: parseSlurmTime(end),
    cpuUserSeconds: parseDuration(user),
    cpuSystemSeconds: parseDuration(system),
    maxRssMb: rss.length > 0 ? Math.max(...rss) : null,
  };
}

/** `1234K`, `56M`, `2G` (sacct's units) in MiB; null when empty. */
export function memoryMb(s: string): number | null {
  const m = /^([\d.]+)([KMGT]?)$/.exec(s.trim());
  if (!m) return null;
  const scale = { '': 1 / 1024 / 1024, K: 1 / 1024, M: 1, G: 1024, T: 1024 * 1024 }[m[2] as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.round(Number(m[1]) * scale * 10) / 10;
}

function leadingInt(s: string): number {
  const n = Number.parseInt(s, 10);
  return Number.isFinite(n) ? n : 0;
}

function nullIfEmpty(s: string | undefined): string | null {
  return s === undefined || s === '' || s === '(null)' || s === 'None assigned' ? null : s;
}
