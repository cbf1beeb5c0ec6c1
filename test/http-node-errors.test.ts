/**
 * The guest's network errors against the host Node's own, over the built-in
 * network adapter: the same failure (a refused connection to a closed
 * loopback port, a listen on a port in use) must give the guest an error with
 * Node's message and own fields, in Node's order, with the same values
 * (`address` and `port` included: they cross the sandbox boundary as
 * primitives, like `code`, `errno` and `syscall`).
 *
 * Only loopback is contacted: the adapter is allowed 127.0.0.1 and nothing
 * else, and every server here binds 127.0.0.1.
 */
import * as http from "node:http";
import type * as net from "node:net";
import { describe, expect, it } from "vitest";
import { allowAllNetwork, createDefaultNetworkAdapter } from "../dist/src/index.js";
import { harness } from "./helpers.js";

/** An error as compared here: class, name, message and every own enumerable field in order. */
type Shape = { isError: boolean; name: string; message: string; fields: Array<[string, unknown]> };

/** Node's shape of `e` (run the same way in the guest, see GUEST_SHAPE). */
function shapeOf(e: Error): Shape {
  return { isError: e instanceof Error, name: e.name, message: e.message, fields: Object.keys(e).map((k) => [k, (e as unknown as Record<string, unknown>)[k]]) };
}

const GUEST_SHAPE = `
const http = require("http");
const shapeOf = (e) => ({ isError: e instanceof Error, name: e.name, message: e.message, fields: Object.keys(e).map((k) => [k, e[k]]) });
const done = (v) => console.log(JSON.stringify(v));
`;

/** A loopback port nothing listens on (a server bound it, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `code` on the built-in adapter (127.0.0.1 allowed); the guest prints its result as the last stdout line. */
async function guest<T>(code: string): Promise<T> {
  const adapter = createDefaultNetworkAdapter({ allowPrivateAddresses: (address) => address === "127.0.0.1" });
  const h = harness({}, { networkAdapter: adapter, permissions: allowAllNetwork });
  try {
    const result = await h.runtime.exec(GUEST_SHAPE + code);
    expect(result.errorMessage, h.stderr()).toBeUndefined();
    expect(result.code, h.stderr()).toBe(0);
    const lines = h.stdout().trim().split("\n");
    return JSON.parse(lines[lines.length - 1]) as T;
  } finally {
    h.runtime.dispose();
  }
}

describe("network errors as Node gives them", () => {
  it("http.get to a closed loopback port: ECONNREFUSED with errno, code, syscall, address and port, as Node's", async () => {
    const port = await closedPort();
    const node = await new Promise<Shape>((resolve) => {
      http.get({ host: "127.0.0.1", port, agent: false }).on("error", (e) => resolve(shapeOf(e)));
    });
    const out = await guest<{ error: Shape; events: string[] }>(`
      const events = [];
      const req = http.get({ host: "127.0.0.1", port: ${port} });
      req.on("error", (e) => { events.push("error"); globalThis.error = shapeOf(e); });
      req.on("close", () => { events.push("close"); done({ error: globalThis.error, events }); });
    `);
    expect(node).toEqual({
      isError: true,
      name: "Error",
      message: `connect ECONNREFUSED 127.0.0.1:${port}`,
      fields: [["errno", -111], ["code", "ECONNREFUSED"], ["syscall", "connect"], ["address", "127.0.0.1"], ["port", port]],
    });
    expect(out.error).toEqual(node);
    expect(out.events).toEqual(["error", "close"]);
  });

  it("listen on a port in use: EADDRINUSE with code, errno, syscall, address and port, as Node's", async () => {
    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const node = await new Promise<Shape>((resolve) => {
        const second = http.createServer();
        second.on("error", (e) => resolve(shapeOf(e)));
        second.listen(port, "127.0.0.1");
      });
      const out = await guest<{ error: Shape; listening: boolean }>(`
        const server = http.createServer();
        server.on("error", (e) => done({ error: shapeOf(e), listening: server.listening }));
        server.listen(${port}, "127.0.0.1");
      `);
      expect(node).toEqual({
        isError: true,
        name: "Error",
        message: `listen EADDRINUSE: address already in use 127.0.0.1:${port}`,
        fields: [["code", "EADDRINUSE"], ["errno", -98], ["syscall", "listen"], ["address", "127.0.0.1"], ["port", port]],
      });
      expect(out.error).toEqual(node);
      expect(out.listening).toBe(false);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
