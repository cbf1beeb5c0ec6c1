/**
 * Recording stand-ins for what ops reach on the host: permission checks in
 * several moods, a command executor and a network adapter that never start a
 * process or send a packet. Each records what it was asked, so a property can
 * check that nothing reached the executor or the adapter without an allowing
 * check first, and that everything started was also stopped.
 * @module
 */
import type {
  ChildProcessAccessRequest,
  CommandExecutor,
  CommandSpawnOptions,
  DnsAddress,
  DnsLookupOptions,
  ListenOptions,
  ListeningServer,
  NetworkAdapter,
  NetworkRequest,
  NetworkResponse,
  PermissionDecision,
  Permissions,
  SpawnedProcess,
} from "../../../dist/src/index.js";
import { HOST_PATHS } from "./plain.js";

/** How one permission domain answers: always yes, always no, by throwing, by a rule on the request, or with something that is not a decision. */
export type PermissionMode = "allow" | "deny" | "throw" | "rule" | "junk";

/** The permission domains. */
export type Domain = "fs" | "network" | "childProcess" | "env";

/** A mode per domain. */
export type PermissionModes = Record<Domain, PermissionMode>;

/** One question a permission check was asked, with its answer. */
export interface AskedPermission {
  domain: Domain;
  request: Record<string, unknown>;
  allowed: boolean;
}

/**
 * What a check in `throw` mode throws, in turn: an Error, a string, an object
 * whose conversion throws. (A check's own message is shown to the guest by
 * design, so these name no host path.)
 */
const THROWN: Array<() => unknown> = [
  () => new Error("permission backend failed"),
  () => "permission backend said no",
  () => ({ toString() { throw new Error("toString of a thrown value"); } }),
];

/** The rule of `rule` mode: denies anything naming /etc or "deny", throws on "boom", allows the rest. */
function ruleDecision(request: Record<string, unknown>): PermissionDecision {
  const text = JSON.stringify(request);
  if (text.includes("boom")) throw new Error("the rule threw on boom");
  if (text.includes("deny") || text.includes("denied") || String(request.path ?? "").startsWith("/etc") || request.command === "forbidden" || request.key === "SECRET") {
    return { allow: false, reason: "denied by the fuzz rule" };
  }
  return { allow: true };
}

/** Permission checks answering as `modes()` says, recording every question in `asked`. */
export function recordingPermissions(modes: () => PermissionModes, asked: AskedPermission[]): Permissions {
  let turn = 0;
  const check = (domain: Domain) => (request: object): PermissionDecision => {
    const copy = structuredClone(request) as Record<string, unknown>;
    const record = (allowed: boolean) => asked.push({ domain, request: copy, allowed });
    switch (modes()[domain]) {
      case "allow":
        record(true);
        return { allow: true };
      case "deny":
        record(false);
        return { allow: false, reason: "denied by the fuzz policy" };
      case "throw":
        record(false);
        throw THROWN[turn++ % THROWN.length]();
      case "junk":
        record(false);
        return [{ allow: "yes" }, null, undefined, { allow: 1 }][turn++ % 4] as unknown as PermissionDecision;
      case "rule": {
        let decision: PermissionDecision;
        try {
          decision = ruleDecision(copy);
        } catch (error) {
          record(false);
          throw error;
        }
        record(decision.allow);
        return decision;
      }
    }
  };
  return { fs: check("fs"), network: check("network"), childProcess: check("childProcess"), env: check("env") };
}

/** Whether an allowed question of `domain` matches `predicate`. */
export function wasAllowed(asked: readonly AskedPermission[], domain: Domain, predicate: (request: Record<string, unknown>) => boolean): boolean {
  return asked.some((a) => a.domain === domain && a.allowed && predicate(a.request));
}

/** A pooled Buffer holding `text` (a view into Node's shared pool: ops must copy it before it travels). */
function pooled(text: string): Uint8Array {
  return Buffer.from(text);
}

/**
 * A fake child process. What it does depends on the command: `sleep` runs
 * until killed; `echo` writes its arguments to stdout (and a line to stderr)
 * and exits 0; `flood` writes 20 chunks of 64 KiB; `waitfail` fails to start
 * (wait() rejects with ENOENT); `writefail` rejects stdin writes; anything
 * else exits with 3 at once.
 */
export class FakeProcess implements SpawnedProcess {
  /** Set once wait() settled (or will settle at once). */
  exited = false;
  /** Signals received. */
  readonly signals: number[] = [];
  stdinClosed = false;
  private settle!: (status: { code: number | null; signal: string | null }) => void;
  private fail!: (error: Error) => void;
  private readonly done: Promise<{ code: number | null; signal: string | null }>;

  constructor(
    readonly command: string,
    readonly args: string[],
    readonly options: CommandSpawnOptions,
    sleepMs: number | null = null,
  ) {
    this.done = new Promise((resolve, reject) => {
      this.settle = resolve;
      this.fail = reject;
    });
    this.done.catch(() => {});
    const later = (fn: () => void) => setImmediate(fn);
    switch (command) {
      case "sleep":
        if (sleepMs !== null) setTimeout(() => this.exit({ code: 0, signal: null }), sleepMs);
        break;
      case "echo":
        later(() => {
          options.onStdout?.(pooled(args.join(" ") + "\n"));
          options.onStderr?.(pooled("to stderr\n"));
          this.exit({ code: 0, signal: null });
        });
        break;
      case "flood":
        later(() => {
          for (let i = 0; i < 20 && !this.exited; i++) options.onStdout?.(new Uint8Array(65536).fill(0x62));
          this.exit({ code: 0, signal: null });
        });
        break;
      case "waitfail":
        this.exited = true;
        this.fail(Object.assign(new Error(`spawn ${command} ENOENT (looked in ${HOST_PATHS[0]}/bin)`), { code: "ENOENT", errno: -2, path: `${HOST_PATHS[0]}/bin/${command}` }));
        break;
      default:
        this.exit({ code: 3, signal: null });
    }
  }

  private exit(status: { code: number | null; signal: string | null }): void {
    if (this.exited) return;
    this.exited = true;
    this.settle(status);
  }

  writeStdin(_data: Uint8Array | string): Promise<void> | void {
    if (this.command === "writefail") return Promise.reject(Object.assign(new Error("write EPIPE"), { code: "EPIPE" }));
    if (this.exited || this.stdinClosed) throw Object.assign(new Error("write after end"), { code: "EPIPE" });
    return Promise.resolve();
  }

  closeStdin(): void {
    this.stdinClosed = true;
  }

  kill(signal = 15): void {
    if (this.exited) throw Object.assign(new Error("kill ESRCH"), { code: "ESRCH" });
    this.signals.push(signal);
    if (signal !== 0) this.exit({ code: null, signal: signal === 9 ? "SIGKILL" : signal === 15 ? "SIGTERM" : "SIGHUP" });
  }

  wait(): Promise<{ code: number | null; signal: string | null }> {
    return this.done;
  }
}

/**
 * A command executor of {@link FakeProcess}es; `enoent` makes spawn itself
 * throw (with a host path in its message). With `sleepMs`, `sleep` exits by
 * itself after that long (a guest's spawnSync("sleep") would otherwise wait
 * for ever, as it would in Node).
 */
export class FakeExecutor implements CommandExecutor {
  /** Every process started, in order. */
  readonly spawned: FakeProcess[] = [];

  constructor(private readonly sleepMs: number | null = null) {}

  spawn(command: string, args: string[], options: CommandSpawnOptions): SpawnedProcess {
    if (command === "enoent") throw Object.assign(new Error(`spawn enoent ENOENT in ${HOST_PATHS[0]}`), { code: "ENOENT" });
    const proc = new FakeProcess(command, args, options, this.sleepMs);
    this.spawned.push(proc);
    return proc;
  }
}

/** The spawn request a process was started for, as the permission check saw it. */
export function spawnRequestOf(proc: FakeProcess): ChildProcessAccessRequest {
  return { command: proc.command, args: proc.args, cwd: proc.options.cwd, env: proc.options.env };
}

/** One call the fake network adapter received. */
export interface NetworkCall {
  method: "fetch" | "httpRequest" | "dnsLookup" | "listen";
  url?: string;
  hostname?: string;
}

/** A server the fake adapter started. */
export interface FakeServer extends ListeningServer {
  closed: boolean;
  onRequest: ListenOptions["onRequest"];
}

const NO_BODY = new Uint8Array(0);

/**
 * A network adapter that answers from memory. URL paths choose the answer:
 * `/big` a body past the sandbox limit, `/stream` a streamed body of pooled
 * chunks, `/hang` nothing until the request is aborted, `/refused`
 * ECONNREFUSED, `/hop` a redirect (followed when the request says `follow`,
 * after reporting the hop through onRedirect; a 302 otherwise); anything
 * else 200 "ok". `nxdomain.test` does not resolve; `listen` on port 1 fails
 * with EACCES.
 */
export class FakeNetwork implements NetworkAdapter {
  /** Every call, in order. */
  readonly calls: NetworkCall[] = [];
  /** Every server started. */
  readonly servers: FakeServer[] = [];
  /** Requests waiting for their abort signal. */
  readonly hanging = new Set<AbortSignal>();
  private nextPort = 40000;

  constructor(private readonly bigBody: Uint8Array) {}

  private answer(request: NetworkRequest): Promise<NetworkResponse> {
    const url = new URL(request.url);
    if (url.pathname === "/hang") {
      return new Promise((_resolve, reject) => {
        const signal = request.signal;
        this.hanging.add(signal);
        const gone = () => {
          this.hanging.delete(signal);
          reject(Object.assign(new Error("This operation was aborted"), { name: "AbortError", code: "ABORT_ERR" }));
        };
        if (signal.aborted) gone();
        else signal.addEventListener("abort", gone, { once: true });
      });
    }
    if (url.pathname === "/refused") return Promise.reject(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }));
    let finalUrl = request.url;
    if (url.pathname === "/hop") {
      const location = new URL("/after-hop", url).href;
      if (request.redirect !== "follow") {
        return Promise.resolve({ status: 302, statusText: "Found", headers: [["location", location]], url: request.url, redirected: false, body: NO_BODY });
      }
      // Following: the op layer checks the hop (and throws to refuse it) before the adapter goes there.
      request.onRedirect?.(location, "GET");
      this.calls.push({ method: "fetch", url: location });
      finalUrl = location;
    }
    const body: NetworkResponse["body"] =
      url.pathname === "/big"
        ? this.bigBody
        : url.pathname === "/stream"
          ? (async function* () {
              yield pooled("chunk one");
              yield pooled("chunk two");
            })()
          : pooled("ok");
    return Promise.resolve({ status: 200, statusText: "OK", headers: [["content-type", "text/plain"]], url: finalUrl, redirected: finalUrl !== request.url, body });
  }

  fetch(request: NetworkRequest): Promise<NetworkResponse> {
    this.calls.push({ method: "fetch", url: request.url });
    return this.answer(request);
  }

  httpRequest(request: NetworkRequest): Promise<NetworkResponse> {
    this.calls.push({ method: "httpRequest", url: request.url });
    return this.answer(request);
  }

  async dnsLookup(hostname: string, _options: DnsLookupOptions): Promise<DnsAddress[]> {
    this.calls.push({ method: "dnsLookup", hostname });
    if (hostname === "nxdomain.test") throw Object.assign(new Error(`queryA ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return [{ address: "127.0.0.1", family: 4 }, { address: "::1", family: 6 }];
  }

  async listen(options: ListenOptions): Promise<ListeningServer> {
    this.calls.push({ method: "listen", hostname: options.hostname });
    if (options.port === 1) throw Object.assign(new Error("listen EACCES: permission denied"), { code: "EACCES" });
    const server: FakeServer = {
      address: "127.0.0.1",
      port: options.port || this.nextPort++,
      family: 4,
      closed: false,
      onRequest: options.onRequest,
      close: async () => {
        server.closed = true;
      },
    };
    this.servers.push(server);
    return server;
  }
}

/** A request a fake client sends to a guest server. */
export function incomingRequest(path: string): Parameters<ListenOptions["onRequest"]>[0] {
  return { method: "GET", url: path, headers: [["host", "127.0.0.1"]], body: NO_BODY, httpVersion: "1.1", remoteAddress: "127.0.0.1", remotePort: 50000 };
}
