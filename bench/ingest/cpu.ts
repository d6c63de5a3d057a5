import fs from 'node:fs';
import os from 'node:os';

// utime and stime in /proc/<pid>/stat count in clock ticks; USER_HZ is 100 on Linux.
const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  ticks: number;
}

function readStat(pid: string): ProcStat | undefined {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
  // The command name (field 2) may hold spaces: the fields after it start past its ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    pid: Number(pid),
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]),
  };
}

/**
 * CPU seconds (user and system, every thread) used so far by the processes `roots`
 * names and their direct children: a backend, or a PostgreSQL postmaster and its
 * backends. Children that exited are not counted, so measure across a span in which
 * they live (a connection pool's). Linux only.
 */
export function cpuSecondsOf(roots: number[]): number {
  if (os.platform() !== 'linux') return Number.NaN;
  const wanted = new Set(roots);
  let ticks = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat && (wanted.has(stat.pid) || wanted.has(stat.ppid))) {
      ticks += stat.ticks;
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** The postmaster's process id of the cluster in `dataDirectory` (first line of postmaster.pid). */
export function postmasterPid(dataDirectory: string): number {
  return Number(
    fs.readFileSync(`${dataDirectory}/postmaster.pid`, 'utf8').split('\n')[0],
  );
}

/** This process's CPU seconds so far (the sender's side). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
