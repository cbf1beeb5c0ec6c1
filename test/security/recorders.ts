// Recording fakes for the resource and lifecycle attack cases: a command executor whose children live until
// killed, a network adapter whose requests stay pending until aborted and whose servers bind nothing, and a
// sampler of the host's peak RSS. Nothing here starts a process or sends a packet.
import type { ChildExitStatus, CommandExecutor, SpawnedProcess } from "../../dist/src/index.js";
import type { ListenOptions, ListeningServer, NetworkAdapter, NetworkRequest } from "../../dist/src/net/types.js";

/** One child the recording executor "started". */
export type RecordedChild = {
  command: string;
  args: string[];
  /** Signals sent to it, in order. */
  kills: Array<number | undefined>;
  /** Whether it has ended (only a kill ends it). */
  ended: boolean;
};

/** An executor that records spawns; each child lives until it is killed, then ends by that signal. */
export function recordingExecutor(): { executor: CommandExecutor; children: RecordedChild[]; live: () => number } {
  const children: RecordedChild[] = [];
  const executor: CommandExecutor = {
    spawn(command, args): SpawnedProcess {
      const child: RecordedChild = { command, args: [...args], kills: [], ended: false };
      children.push(child);
      let end!: (status: ChildExitStatus) => void;
      const exited = new Promise<ChildExitStatus>((resolve) => (end = resolve));
      return {
        writeStdin() {},
        closeStdin() {},
        kill(signal) {
          child.kills.push(signal);
          if (child.ended) return;
          child.ended = true;
          end({ code: null, signal: signal === 15 ? "SIGTERM" : "SIGKILL" });
        },
        wait: () => exited,
      };
    },
  };
  return { executor, children, live: () => children.filter((c) => !c.ended).length };
}

/** One server the recording adapter "bound". */
export type RecordedServer = { options: ListenOptions; port: number; closed: boolean };

/** What the recording adapter saw. */
export type AdapterLog = { requests: NetworkRequest[]; servers: RecordedServer[]; lookups: string[] };

/**
 * A network adapter that records every call and never touches the network: requests stay pending until their
 * signal aborts (then reject), lookups answer nothing, servers get a made-up port and only record `close()`.
 */
export function recordingAdapter(): { adapter: NetworkAdapter; log: AdapterLog; pending: () => number } {
  const log: AdapterLog = { requests: [], servers: [], lookups: [] };
  let nextPort = 41000;
  const hang = (request: NetworkRequest) => {
    log.requests.push(request);
    return new Promise<never>((_resolve, reject) => {
      const abort = () => reject(Object.assign(new Error("aborted by the run"), { name: "AbortError" }));
      if (request.signal.aborted) abort();
      else request.signal.addEventListener("abort", abort, { once: true });
    });
  };
  const adapter: NetworkAdapter = {
    fetch: hang,
    httpRequest: hang,
    async dnsLookup(hostname) {
      log.lookups.push(hostname);
      return [];
    },
    async listen(options): Promise<ListeningServer> {
      const server: RecordedServer = { options, port: nextPort++, closed: false };
      log.servers.push(server);
      return {
        address: "127.0.0.1",
        port: server.port,
        family: 4,
        close: async () => void (server.closed = true),
      };
    },
  };
  return { adapter, log, pending: () => log.requests.filter((r) => !r.signal.aborted).length };
}

/**
 * Tracks the host's peak RSS growth over a baseline taken now. It samples on a timer and whenever `sample()`
 * is called (a slow, synchronous output hook blocks the timer, so it samples from the hook too).
 */
export function rssPeak(): { sample: () => void; stop: () => number } {
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = () => {
    const rss = process.memoryUsage.rss();
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 5);
  return {
    sample,
    stop() {
      clearInterval(timer);
      sample();
      return peak - baseline;
    },
  };
}

/** Bytes in MiB. */
export const MiB = 1024 * 1024;

/** Busy-waits `ms` on the host thread (a slow, synchronous consumer of guest output). */
export function busyWait(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}

/** Blocks the host thread for `ms` without using the CPU (a stalled consumer of guest output). */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
