/**
 * The check that the executor, the network adapter and the filesystem's
 * content were reached only for what an allowing permission check saw.
 * @module
 */
import { spawnRequestOf, wasAllowed, type AskedPermission, type FakeExecutor, type FakeNetwork } from "./fakes.js";
import type { FsCall } from "./seed-fs.js";

/** What a run reached on the host, and what its permission checks were asked. */
export interface Reaches {
  asked: readonly AskedPermission[];
  executor: FakeExecutor;
  network: FakeNetwork;
  fsCalls: readonly FsCall[];
}

/**
 * What the run reached without an allowing permission check that saw
 * exactly it: a spawn (command, args, cwd, env), an adapter call (fetch and
 * http by URL, dns and listen by hostname), a filesystem content call (by
 * path). Empty: everything reached was allowed first.
 */
export function unallowedReaches(run: Reaches): string[] {
  const problems: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const proc of run.executor.spawned) {
    const r = spawnRequestOf(proc);
    if (!wasAllowed(run.asked, "childProcess", (q) => q.command === r.command && same(q.args, r.args) && q.cwd === r.cwd && same(q.env, r.env))) {
      problems.push(`spawned ${JSON.stringify(r.command)} without an allowing childProcess check of exactly that request`);
    }
  }
  for (const call of run.network.calls) {
    const ok =
      call.method === "dnsLookup"
        ? wasAllowed(run.asked, "network", (q) => q.op === "dns" && q.hostname === call.hostname)
        : call.method === "listen"
          ? wasAllowed(run.asked, "network", (q) => q.op === "listen" && q.hostname === call.hostname)
          : wasAllowed(run.asked, "network", (q) => q.op === (call.method === "fetch" ? "fetch" : "http") && q.url === call.url);
    if (!ok) problems.push(`the adapter's ${call.method} reached ${call.url ?? call.hostname} without an allowing network check`);
  }
  for (const call of run.fsCalls) {
    for (const path of call.paths) {
      if (!wasAllowed(run.asked, "fs", (q) => q.path === path)) problems.push(`fs.${call.method} touched ${JSON.stringify(path.slice(0, 200))} without an allowing fs check`);
    }
  }
  return problems;
}

