/**
 * The command line's grants as the runtime's permission checks: each check
 * allows what its `--allow-*` flag lists and, for what it denies, tells the
 * guest which flag would grant it (in the EACCES message) and prints one line
 * on the host's stderr naming what was denied and that flag, once per distinct
 * denial.
 * @module
 */
import { existsSync } from "node:fs";
import { basename } from "node:path";
import type { Permissions } from "../types.js";
import type { Grant, Grants } from "./args.js";
import type { CliPaths } from "./paths.js";

/** Filesystem ops that change something: they need `--allow-write`; every other op needs `--allow-read`. */
const WRITE_OPS = new Set(["write", "mkdir", "rm", "rename", "chmod", "chown", "utimes", "truncate", "link", "symlink"]);

/** A host:port grant of `--allow-net`; `port` undefined allows every port. */
type NetItem = { host: string; port: number | undefined };

/** Receives each distinct denial line (without the newline). */
export type DenialReporter = (line: string) => void;

/** The permission checks of a command line, and the hosts `--allow-net` names (for the network adapter's address policy). */
export type CliPermissions = {
  /** The checks, for `createNodeDriver({ permissions })`. */
  permissions: Permissions;
  /**
   * The network adapter's policy for a loopback or private `address` that
   * `hostname` resolved to: allowed when `--allow-net` names the host or the
   * address itself; otherwise refused, with a denial line.
   */
  allowPrivateAddress(address: string, hostname: string): boolean;
};

/**
 * Builds the permission checks.
 * @param grants what the command line allows.
 * @param paths maps between host and sandbox paths (grant lists are host paths).
 * @param report prints a denial line.
 */
export function createCliPermissions(grants: Grants, paths: CliPaths, report: DenialReporter): CliPermissions {
  const seen = new Set<string>();
  const deny = (line: string, flag: string) => {
    if (!seen.has(line)) {
      seen.add(line);
      report(`quickexec: ${line}; grant it with ${flag}`);
    }
    return { allow: false, reason: `run again with ${flag}` };
  };
  const readPaths = pathList(grants.read, "read", paths);
  const writePaths = pathList(grants.write, "write", paths);
  const netItems = grants.net?.all === false ? grants.net.items.map(parseNetItem) : undefined;

  const permissions: Permissions = {
    fs: (request) => {
      const covers = (list: "all" | string[]) => list === "all" || list.some((p) => within(request.path, p));
      // `open` comes with a `read` or `write` request as the flags need: either grant lets it through.
      if (request.op === "open" ? covers(readPaths) || covers(writePaths) : covers(WRITE_OPS.has(request.op) ? writePaths : readPaths)) {
        return { allow: true };
      }
      const write = WRITE_OPS.has(request.op);
      const hostPath = paths.toHost(request.path);
      const flag = request.op === "open" ? `--allow-read=${hostPath} or --allow-write=${hostPath}` : `--allow-${write ? "write" : "read"}=${hostPath}`;
      // A lookup the module resolver makes (stat/exists) is reported only where something is there to find:
      // a probe of `x.js`, `x.json`, ... for `require("./x")` must not print a line per candidate.
      if ((request.op === "stat" || request.op === "exists") && (basename(request.path) === "package.json" || !existsSync(hostPath))) {
        return { allow: false, reason: `run again with ${flag}` };
      }
      return deny(`denied ${request.op === "open" ? "access" : write ? "write access" : "read access"} to ${hostPath} (${request.op})`, flag);
    },
    env: (request) => {
      if (grants.env?.all || grants.env?.items.includes(request.key)) return { allow: true };
      const flag = `--allow-env=${request.key}`;
      // Reads are asked for every host variable when a run starts (a filter, not something the guest tried): not reported.
      if (request.op === "read") return { allow: false, reason: `run again with ${flag}` };
      return deny(`denied setting environment variable ${request.key}`, flag);
    },
    network: (request) => {
      const host = (request.hostname ?? "").replace(/^\[|\]$/g, "").toLowerCase();
      const port = portOf(request.url);
      if (grants.net?.all) return { allow: true };
      if (netItems?.some((item) => item.host === host && (item.port === undefined || port === undefined || item.port === port))) {
        return { allow: true };
      }
      const target = port === undefined ? host : `${host.includes(":") ? `[${host}]` : host}:${port}`;
      return deny(`denied network access to ${target} (${request.op})`, `--allow-net=${target}`);
    },
    childProcess: (request) => {
      const command = request.command;
      if (grants.run?.all || grants.run?.items.some((item) => item === command || item === basename(command))) return { allow: true };
      return deny(`denied running ${command}`, `--allow-run=${command}`);
    },
  };
  return {
    permissions,
    allowPrivateAddress(address, hostname) {
      const named = (name: string) => netItems?.some((item) => item.host === name.replace(/^\[|\]$/g, "").toLowerCase()) ?? false;
      if (named(address) || named(hostname)) return true;
      deny(`refused connecting to ${address}, a loopback or private address`, `--allow-net=${hostname.includes(":") ? `[${hostname}]` : hostname}`);
      return false;
    },
  };
}

/** A path grant as sandbox paths ("all" for a bare flag, [] when not given). */
function pathList(grant: Grant | undefined, name: string, paths: CliPaths): "all" | string[] {
  if (grant === undefined) return [];
  if (grant.all) return "all";
  return grant.items.map((item) => paths.toSandbox(item, `--allow-${name}=${item}`));
}

/** Whether sandbox path `path` is `dir` or below it. */
function within(path: string, dir: string): boolean {
  return dir === "/" || path === dir || path.startsWith(`${dir}/`);
}

/** `host`, `host:port`, `[v6]:port` or a bare IPv6 address. */
function parseNetItem(item: string): NetItem {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
  if (bracketed) return { host: bracketed[1]!.toLowerCase(), port: bracketed[2] === undefined ? undefined : Number(bracketed[2]) };
  const colons = item.split(":").length - 1;
  if (colons === 1) {
    const [host, port] = item.split(":");
    if (/^\d+$/.test(port!)) return { host: host!.toLowerCase(), port: Number(port) };
  }
  return { host: item.toLowerCase(), port: undefined };
}

/** The port a request URL goes to (its protocol's default when none is written); undefined without a URL. */
function portOf(url: string | undefined): number | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.port !== "") return Number(parsed.port);
    return parsed.protocol === "https:" || parsed.protocol === "wss:" ? 443 : parsed.protocol === "http:" || parsed.protocol === "ws:" ? 80 : undefined;
  } catch {
    return undefined;
  }
}
