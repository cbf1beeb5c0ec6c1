/**
 * A real {@link OpContext} for fuzzing ops one call at a time: an in-memory
 * filesystem with seed files (and a wrapper that records which paths had
 * their content read or changed, and puts a host path into the message of
 * every coded error, as a host filesystem might), permission checks in the
 * moods the property picked, the fake executor and network, and resources
 * already open (descriptors, a running child, a listening server with a
 * request waiting, requests in flight) so that the ops acting on handles have
 * something to act on. `endRun()` does what the runtime does when a run ends.
 * @module
 */
import { dispatchOp } from "../../../dist/src/ops/op-table.js";
import { createRunState, type OpContext } from "../../../dist/src/ops/op-context.js";
import { GuestServerRegistry } from "../../../dist/src/net/guest-servers.js";
import { toFileSystem } from "../../../dist/src/fs/full-fs.js";
import { FakeExecutor, FakeNetwork, incomingRequest, recordingPermissions, type AskedPermission, type PermissionModes } from "./fakes.js";
import { BIG_FILE, MAX_READ_BYTES, recordingFs, seededMemoryFs, type FsCall } from "./seed-fs.js";

export { MAX_READ_BYTES } from "./seed-fs.js";
export type { FsCall } from "./seed-fs.js";

const ALLOW_ALL: PermissionModes = { fs: "allow", network: "allow", childProcess: "allow", env: "allow" };

/** One event an op sent to a guest handle. */
export interface Emitted {
  target: unknown;
  name: unknown;
  value: unknown;
}

/** A context ready for one fuzzed op call, and everything it recorded. */
export interface FuzzRun {
  readonly ctx: OpContext;
  /** Every question the permission checks were asked (seeding included), with the answer. */
  readonly asked: AskedPermission[];
  readonly executor: FakeExecutor;
  readonly network: FakeNetwork;
  /** Content calls the filesystem received after seeding. */
  readonly fsCalls: FsCall[];
  /** Events sent to guest handles. */
  readonly emitted: Emitted[];
  /** Descriptors and resources open once seeding was done. */
  readonly seededFds: number;
  readonly seededResources: number;
  /** Seeded calls still in flight, with whether they settled. */
  readonly inFlight: Array<{ what: string; settled: boolean }>;
  /** Ends the run as the runtime does: every registered cleanup runs once (a throwing one does not stop the others). */
  endRun(): void;
  /** Cleanups registered after the run ended (the runtime would never run them). */
  readonly lateCleanups: number;
}

/** Lets timers of 0 ms and pending I/O callbacks run, `turns` times. */
export async function flush(turns = 1): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function mustSucceed(ctx: OpContext, op: string, args: unknown[]): Promise<unknown> {
  const outcome = await dispatchOp(ctx, op, args);
  if (!outcome.ok) throw new Error(`seeding ${op} failed: ${outcome.error.message}`);
  return outcome.value;
}

/** Builds a context, seeds files and resources with every permission allowed, then switches to `modes`. */
export async function startFuzzRun(modes: PermissionModes): Promise<FuzzRun> {
  let current = ALLOW_ALL;
  const asked: AskedPermission[] = [];
  const memory = await seededMemoryFs();
  const fsCalls: FsCall[] = [];
  const executor = new FakeExecutor();
  const network = new FakeNetwork(BIG_FILE);
  const emitted: Emitted[] = [];
  const cleanups = new Set<() => void>();
  let ended = false;
  let lateCleanups = 0;
  const ctx: OpContext = {
    permissions: recordingPermissions(() => current, asked),
    env: { HOME: "/root", PATH: "/usr/bin", SECRET: "s3cr3t" },
    fs: toFileSystem(recordingFs(memory, fsCalls)),
    cwd: "/root",
    fds: new Map(),
    maxReadBytes: MAX_READ_BYTES,
    commandExecutor: executor,
    network,
    hostKind: "node",
    emit: (target, name, value) => void emitted.push({ target, name, value }),
    queuedBytes: () => 0,
    onRunEnd(cleanup) {
      if (ended) lateCleanups++;
      cleanups.add(cleanup);
      return () => void cleanups.delete(cleanup);
    },
    resources: new Map(),
    run: createRunState(new GuestServerRegistry()),
  };
  const inFlight: Array<{ what: string; settled: boolean }> = [];
  const track = (what: string, pending: Promise<unknown>) => {
    const entry = { what, settled: false };
    inFlight.push(entry);
    void pending.then(() => (entry.settled = true), () => (entry.settled = true));
  };

  await mustSucceed(ctx, "fs.open", ["/root/a.txt", "r+"]);
  await mustSucceed(ctx, "fs.open", ["/root/dir/b.txt", "r"]);
  await mustSucceed(ctx, "child.spawn", [1, "sleep", ["30"], {}]);
  await mustSucceed(ctx, "child.spawn", [2, "echo", ["hi"], { stdio: ["pipe", "pipe", "pipe"] }]);
  await mustSucceed(ctx, "server.listen", [5, 0, "127.0.0.1"]);
  track("a request to the guest server", network.servers[0].onRequest(incomingRequest("/seed")));
  track("an http.request that hangs", Promise.resolve(dispatchOp(ctx, "http.request", [7, "http://127.0.0.1:9/hang", "GET", [], null])));
  track("a fetch that hangs", Promise.resolve(dispatchOp(ctx, "fetch.request", [8, "http://127.0.0.1:9/hang", "GET", [], "follow", null])));
  await mustSucceed(ctx, "http.request", [6, "http://127.0.0.1:9/stream", "GET", [], null]);
  await flush();
  fsCalls.length = 0;
  current = modes;

  return {
    ctx,
    asked,
    executor,
    network,
    fsCalls,
    emitted,
    seededFds: ctx.fds.size,
    seededResources: ctx.resources.size,
    inFlight,
    get lateCleanups() {
      return lateCleanups;
    },
    endRun() {
      if (ended) return;
      ended = true;
      for (const cleanup of [...cleanups]) {
        try {
          cleanup();
        } catch {
          // As the runtime: a failing cleanup does not stop the others.
        }
      }
      cleanups.clear();
    },
  };
}
