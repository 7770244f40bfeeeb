import { readdirSync, readFileSync } from "node:fs";

// CPU time spent by the app processes, the PostgreSQL cluster and this process during a run (from /proc),
// and how busy the whole machine was: on a shared machine, throughput means little without it.

const TICK_MS = 10; // USER_HZ is 100 on Linux

interface ProcStat {
  pid: number;
  ppid: number;
  pgrp: number;
  ticks: number;
}

function readStats(): ProcStat[] {
  const out: ProcStat[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, "utf8");
      // The command name (field 2) may hold spaces and parentheses: fields start after the last ")".
      const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
      out.push({ pid: Number(name), ppid: Number(fields[1]), pgrp: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

function postmasterPid(port: number): number | null {
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (/\/postgres$/.test(cmd[0]) && cmd.includes(`-p`) && cmd[cmd.indexOf("-p") + 1] === String(port)) return Number(name);
      if (/\/postgres$/.test(cmd[0]) && cmd.some((a) => a === `-p ${port}` || a === `-p${port}`)) return Number(name);
    } catch {
      // gone
    }
  }
  return null;
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

export interface CpuSample {
  app: Map<number, number>;
  database: Map<number, number> | null;
  generator: number;
  machineBusy: number;
  machineTotal: number;
}

export interface CpuUse {
  /** CPU milliseconds over the interval. */
  appMs: number;
  databaseMs: number | null;
  generatorMs: number;
  /** Share of all the machine's CPUs that were busy (every process, other users' included), 0–1. */
  machineBusy: number;
}

export function cpuSampler(appGroup: () => number | null, databasePort: number | null) {
  const postmaster = databasePort ? postmasterPid(databasePort) : null;
  const sample = (): CpuSample => {
    const stats = readStats();
    const group = appGroup();
    const byPid = (list: ProcStat[]) => new Map(list.map((s) => [s.pid, s.ticks * TICK_MS]));
    const app = byPid(group ? stats.filter((s) => s.pgrp === group) : []);
    const database = postmaster ? byPid(stats.filter((s) => s.pid === postmaster || s.ppid === postmaster)) : null;
    const usage = process.cpuUsage();
    const machine = machineTicks();
    return { app, database, generator: (usage.user + usage.system) / 1000, machineBusy: machine.busy, machineTotal: machine.total };
  };
  // Per process: a process that started meanwhile counts in full; one that ended is lost (short-lived
  // connections), so the figures are lower bounds.
  const spent = (a: Map<number, number>, b: Map<number, number>) => [...b].reduce((n, [pid, ms]) => n + ms - (a.get(pid) ?? 0), 0);
  const diff = (a: CpuSample, b: CpuSample): CpuUse => ({
    appMs: spent(a.app, b.app),
    databaseMs: a.database === null || b.database === null ? null : spent(a.database, b.database),
    generatorMs: b.generator - a.generator,
    machineBusy: (b.machineBusy - a.machineBusy) / Math.max(1, b.machineTotal - a.machineTotal),
  });
  return { sample, diff, databaseFound: postmaster !== null };
}
