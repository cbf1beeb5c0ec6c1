/**
 * Ops of the guest's `http.Server`: `server.listen` (checked as a `listen`
 * network request, then `NetworkAdapter.listen`), `server.respond` /
 * `server.abort` (the guest's answer to one request) and `server.close`.
 *
 * Each request the adapter hands over becomes a "request" event on the
 * server's guest handle, carrying an id; the promise `onRequest` returned
 * settles when the guest answers that id. Servers still open when the run
 * ends are closed, and requests still unanswered get 503.
 * @module
 */
import type { IncomingServerRequest, ListeningServer, ServerResponseData } from "../net/types.js";
import type { GuestServer } from "../net/guest-servers.js";
import { codedError } from "../errors.js";
import { headerPairsArg, intArg, intInRange, optionalBytesArg, stringArg } from "./coerce.js";
import { addressInUse, listenError } from "./op-errors.js";
import { adapterFor, demandNetwork } from "./net-access.js";
import type { Op, OpContext, OpFamily } from "./op-context.js";

/** A plain answer with no body. */
function plainAnswer(status: number, statusText: string): ServerResponseData {
  return { status, statusText, headers: [["Connection", "close"], ["Content-Length", "0"]], body: new Uint8Array(0) };
}

/** One guest server of a run: the adapter's server plus the requests waiting for the guest. */
class RunServer implements GuestServer {
  port = 0;
  address = "";
  family: 4 | 6 = 4;
  /** Set once the server stops taking requests (closing, or the run ended). */
  private closing = false;
  private listening: ListeningServer | null = null;
  private unlist: (() => void) | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(answer: ServerResponseData): void; reject(error: Error): void }>();
  private drained: (() => void) | null = null;
  private closed: Promise<void> | null = null;

  constructor(
    private readonly ctx: OpContext,
    private readonly handleId: number,
  ) {}

  /** The adapter bound the server: it is listed for direct requests from now on. */
  attach(listening: ListeningServer): void {
    this.listening = listening;
    this.port = listening.port;
    this.address = listening.address;
    this.family = listening.family === 6 ? 6 : 4;
    this.unlist = this.ctx.run.guestServers.add(this.ctx.run, this);
  }

  handle(request: IncomingServerRequest): Promise<ServerResponseData> {
    if (this.closing) return Promise.resolve(plainAnswer(503, "Service Unavailable"));
    const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
    if (body.byteLength > this.ctx.maxReadBytes) return Promise.resolve(plainAnswer(413, "Payload Too Large"));
    const id = this.nextId++;
    return new Promise<ServerResponseData>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ctx.emit(this.handleId, "request", {
        id,
        method: String(request.method),
        url: String(request.url),
        headers: request.headers.map(([name, value]) => [String(name), String(value)]),
        body,
        httpVersion: String(request.httpVersion || "1.1"),
        remoteAddress: String(request.remoteAddress ?? ""),
        remotePort: Number(request.remotePort) || 0,
      });
    });
  }

  /** The guest's answer to request `id`; false if that request is no longer waiting. */
  respond(id: number, answer: ServerResponseData): boolean {
    const waiting = this.pending.get(id);
    if (waiting === undefined) return false;
    this.pending.delete(id);
    waiting.resolve(answer);
    this.checkDrained();
    return true;
  }

  /** The guest dropped request `id` without an answer (`res.destroy()`): the connection is reset. */
  abort(id: number): boolean {
    const waiting = this.pending.get(id);
    if (waiting === undefined) return false;
    this.pending.delete(id);
    waiting.reject(codedError(Error, "ECONNRESET", "socket hang up"));
    this.checkDrained();
    return true;
  }

  /** `server.close()`: stop taking requests, wait for the guest to answer those it has, then close the adapter's server. */
  async close(): Promise<void> {
    this.stopTaking();
    if (this.pending.size > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.closeListening();
  }

  /** The run ended: unanswered requests get 503 and the adapter's server closes. */
  end(): void {
    this.stopTaking();
    for (const waiting of this.pending.values()) waiting.resolve(plainAnswer(503, "Service Unavailable"));
    this.pending.clear();
    this.checkDrained();
    this.closeListening().catch(() => {});
  }

  /** Closes the adapter's server once, however many ways ask. */
  private closeListening(): Promise<void> {
    if (this.listening === null) return Promise.resolve();
    return (this.closed ??= Promise.resolve().then(() => this.listening!.close()));
  }

  private stopTaking(): void {
    this.closing = true;
    this.unlist?.();
    this.unlist = null;
  }

  private checkDrained(): void {
    if (this.pending.size === 0 && this.drained !== null) {
      const drained = this.drained;
      this.drained = null;
      drained();
    }
  }
}

/** The guest server a handle id names. */
function serverOf(ctx: OpContext, value: unknown): RunServer {
  const server = ctx.resources.get(intArg(value, "server"));
  if (!(server instanceof RunServer)) throw codedError(Error, "ERR_SERVER_NOT_RUNNING", "No such server: it is not listening");
  return server;
}

const listen: Op = async (ctx, args) => {
  const handleId = intArg(args[0], "handle");
  const port = intInRange(args[1], "port", 0, 65535);
  const asked = stringArg(args[2] ?? "", "host");
  const hostname = asked === "" ? "127.0.0.1" : asked;
  const adapter = adapterFor(ctx, "listen", "http.Server.listen()");
  demandNetwork(ctx, { op: "listen", url: `http://127.0.0.1:${port}`, hostname });
  if (port !== 0 && ctx.run.guestServers.byPort(port) !== undefined) throw addressInUse(hostname, port);
  const server = new RunServer(ctx, handleId);
  const unregister = ctx.onRunEnd(() => server.end());
  let ended = false;
  const unregisterEnded = ctx.onRunEnd(() => (ended = true));
  let listening: ListeningServer;
  try {
    listening = await adapter.listen({ port, hostname, onRequest: (request) => server.handle(request) });
  } catch (error) {
    unregister();
    throw listenError(error, hostname, port);
  } finally {
    unregisterEnded();
  }
  if (ended) {
    // The run ended while the adapter was binding: nothing will ever close it otherwise.
    await listening.close().catch(() => {});
    throw codedError(Error, "ERR_SERVER_NOT_RUNNING", "The run ended before the server was listening");
  }
  server.attach(listening);
  ctx.resources.set(handleId, server);
  return { address: listening.address, port: listening.port, family: listening.family === 6 ? 6 : 4 };
};

const respond: Op = (ctx, args) => {
  const server = serverOf(ctx, args[0]);
  const id = intArg(args[1], "request");
  const status = intInRange(args[2], "status", 100, 999);
  const statusText = stringArg(args[3] ?? "", "statusText");
  const headers = headerPairsArg(args[4], "headers");
  const body = optionalBytesArg(args[5], "body") ?? new Uint8Array(0);
  return server.respond(id, { status, statusText, headers, body });
};

const abort: Op = (ctx, args) => serverOf(ctx, args[0]).abort(intArg(args[1], "request"));

const close: Op = async (ctx, args) => {
  const handleId = intArg(args[0], "server");
  const server = serverOf(ctx, handleId);
  await server.close();
  ctx.resources.delete(handleId);
};

/** The server ops, for the op table. */
export const serverOps: OpFamily = {
  "server.listen": listen,
  "server.respond": respond,
  "server.abort": abort,
  "server.close": close,
};
