/**
 * The bytes of a live module's snapshot (`module.snapshot()`,
 * `runtime.restore(bytes)`): a documented, portable format, the same under
 * the Node and the browser driver. All numbers are little-endian.
 *
 * ```
 * offset        size        field
 * 0             8           magic: 89 51 58 53 4E 41 50 0A ("\x89QXSNAP\n")
 * 8             4           format version (1)
 * 12            4           H: length of the header
 * 16            4           P: number of stored memory pages
 * 20            4           reserved (0)
 * 24            H           header: UTF-8 JSON {quickexec, wasmBuild, memoryBytes, sandbox, session}
 * 24+H          4*P         page index: the number of each stored 64 KiB page, ascending
 * 24+H+4P       65536*P     the pages (every page not stored was zero)
 * end-32        32          SHA-256 of every byte before it
 * ```
 *
 * Reading checks, in order: the magic (`ERR_QUICKEXEC_SNAPSHOT_INVALID`),
 * the format version (`..._VERSION`), the length the fields announce
 * (`..._TRUNCATED`), the hash (`..._INTEGRITY`), then the quickexec version
 * (`..._VERSION`) and the header's shape (`..._INVALID`). The engine checks
 * the wasm build when it restores (`..._VERSION`).
 *
 * The hash is WebCrypto's SHA-256 where the platform has it (Node, secure
 * browser contexts: native and fast), else @noble/hashes' (same digest).
 * @module
 */
import { SNAPSHOT_ERRORS, type LiveSessionState, type SandboxPointers, type SnapshotPayload } from "../engine/snapshot-protocol.js";

/** The quickexec version written into (and required of) snapshots. */
export const QUICKEXEC_VERSION = "0.1.0";
/** The snapshot format this build writes and reads. */
export const SNAPSHOT_FORMAT_VERSION = 1;

const MAGIC = [0x89, 0x51, 0x58, 0x53, 0x4e, 0x41, 0x50, 0x0a];
const FIXED = 24;
const HASH = 32;
const PAGE = 65536;

/** A snapshot that cannot be taken or restored; `code` is one of the `ERR_QUICKEXEC_SNAPSHOT_*` codes. */
export class SnapshotError extends Error {
  override name = "SnapshotError";
  /**
   * @param code an `ERR_QUICKEXEC_SNAPSHOT_*` code.
   * @param message what is wrong, in words.
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The header's JSON. */
interface SnapshotHeader {
  quickexec: string;
  wasmBuild: string;
  memoryBytes: number;
  sandbox: SandboxPointers;
  session: LiveSessionState;
}

/**
 * A snapshot read and verified by {@link readSnapshot}: restore it as often
 * as needed without checking its bytes again (it holds its own copy of them).
 */
export class Snapshot {
  /** The quickexec version that made it. */
  readonly quickexecVersion: string;
  /** The identity of the wasm build that made it. */
  readonly wasmBuild: string;
  /** The module's linear memory size when captured, in bytes: the least `memoryLimit` that can restore it. */
  readonly memoryBytes: number;
  /** Size of the snapshot's bytes. */
  readonly byteLength: number;

  /** @internal Made by {@link readSnapshot}. */
  constructor(
    /** @internal What the engine restores. */
    readonly payload: SnapshotPayload,
    byteLength: number,
    quickexecVersion: string,
  ) {
    this.quickexecVersion = quickexecVersion;
    this.wasmBuild = payload.wasmBuild;
    this.memoryBytes = payload.memoryBytes;
    this.byteLength = byteLength;
    Object.freeze(this);
  }
}

/** SHA-256 of `bytes`: WebCrypto's where there is one, else @noble/hashes'. */
export async function digest(bytes: Uint8Array): Promise<Uint8Array> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (subtle) {
    try {
      return new Uint8Array(await subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
    } catch {
      // A view WebCrypto refuses (shared memory, say): the portable digest below is the same.
    }
  }
  // Loaded only here: a host that never takes a snapshot, and any with WebCrypto, does not load it.
  const { sha256 } = await import("@noble/hashes/sha2.js");
  return sha256(bytes);
}

/** Writes the engine's capture as snapshot bytes. */
export async function writeSnapshot(payload: SnapshotPayload): Promise<Uint8Array> {
  const header: SnapshotHeader = {
    quickexec: QUICKEXEC_VERSION,
    wasmBuild: payload.wasmBuild,
    memoryBytes: payload.memoryBytes,
    sandbox: payload.sandbox,
    session: payload.session,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const pages = payload.pageIndex.length;
  const bodyLength = FIXED + json.length + 4 * pages + PAGE * pages;
  const out = new Uint8Array(bodyLength + HASH);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint32(8, SNAPSHOT_FORMAT_VERSION, true);
  view.setUint32(12, json.length, true);
  view.setUint32(16, pages, true);
  out.set(json, FIXED);
  let at = FIXED + json.length;
  for (let i = 0; i < pages; i++, at += 4) view.setUint32(at, payload.pageIndex[i]!, true);
  out.set(payload.pageData, at);
  out.set(await digest(out.subarray(0, bodyLength)), bodyLength);
  return out;
}

/**
 * Reads and verifies snapshot bytes (see the module's description for the
 * checks); the result holds its own copy of the pages.
 * @throws (rejects) {@link SnapshotError} naming what is wrong.
 */
export async function readSnapshot(bytes: Uint8Array): Promise<Snapshot> {
  if (!(bytes instanceof Uint8Array)) throw new SnapshotError(SNAPSHOT_ERRORS.INVALID, "A snapshot must be a Uint8Array, as module.snapshot() gives it");
  for (let i = 0; i < MAGIC.length; i++) {
    if (i >= bytes.length) throw new SnapshotError(SNAPSHOT_ERRORS.TRUNCATED, `The snapshot is truncated: ${bytes.length} bytes`);
    if (bytes[i] !== MAGIC[i]) throw new SnapshotError(SNAPSHOT_ERRORS.INVALID, "These bytes are not a quickexec snapshot (no snapshot magic)");
  }
  if (bytes.length < FIXED) throw new SnapshotError(SNAPSHOT_ERRORS.TRUNCATED, `The snapshot is truncated: ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const format = view.getUint32(8, true);
  if (format !== SNAPSHOT_FORMAT_VERSION) {
    throw new SnapshotError(SNAPSHOT_ERRORS.VERSION, `The snapshot has format version ${format}; this quickexec (${QUICKEXEC_VERSION}) reads format version ${SNAPSHOT_FORMAT_VERSION}`);
  }
  const headerLength = view.getUint32(12, true);
  const pages = view.getUint32(16, true);
  const bodyLength = FIXED + headerLength + 4 * pages + PAGE * pages;
  if (bytes.length < bodyLength + HASH) throw new SnapshotError(SNAPSHOT_ERRORS.TRUNCATED, `The snapshot is truncated: ${bytes.length} bytes of the ${bodyLength + HASH} it announces`);
  if (bytes.length > bodyLength + HASH) throw new SnapshotError(SNAPSHOT_ERRORS.INVALID, `The snapshot has ${bytes.length - bodyLength - HASH} bytes more than it announces`);
  const expected = await digest(bytes.subarray(0, bodyLength));
  for (let i = 0; i < HASH; i++) {
    if (expected[i] !== bytes[bodyLength + i]) throw new SnapshotError(SNAPSHOT_ERRORS.INTEGRITY, "The snapshot's integrity check failed: its bytes were changed after it was made");
  }
  let header: SnapshotHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(FIXED, FIXED + headerLength))) as SnapshotHeader;
  } catch {
    throw new SnapshotError(SNAPSHOT_ERRORS.INVALID, "The snapshot's header is not readable");
  }
  if (header?.quickexec !== QUICKEXEC_VERSION) {
    throw new SnapshotError(SNAPSHOT_ERRORS.VERSION, `The snapshot was made by quickexec ${String(header?.quickexec)}; this is quickexec ${QUICKEXEC_VERSION}`);
  }
  checkHeader(header, pages);
  const pageIndex = new Uint32Array(pages);
  let at = FIXED + headerLength;
  for (let i = 0; i < pages; i++, at += 4) {
    pageIndex[i] = view.getUint32(at, true);
    if ((i > 0 && pageIndex[i]! <= pageIndex[i - 1]!) || pageIndex[i]! >= header.memoryBytes / PAGE) {
      throw new SnapshotError(SNAPSHOT_ERRORS.INVALID, "The snapshot's page index is out of order or outside its memory");
    }
  }
  // Shared memory where there is any: every restore then hands the pages to the engine's thread without a copy.
  const data = typeof SharedArrayBuffer === "function" ? new Uint8Array(new SharedArrayBuffer(PAGE * pages)) : new Uint8Array(PAGE * pages);
  data.set(bytes.subarray(at, at + PAGE * pages));
  const payload: SnapshotPayload = {
    wasmBuild: header.wasmBuild,
    memoryBytes: header.memoryBytes,
    pageIndex,
    pageData: data,
    sandbox: header.sandbox,
    session: header.session,
    digest: hex(expected),
  };
  return new Snapshot(payload, bytes.length, header.quickexec);
}

/** Bytes as lowercase hex. */
function hex(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i++) out += bytes[i]!.toString(16).padStart(2, "0");
  return out;
}

/** The header's fields have the types the engine relies on. */
function checkHeader(header: SnapshotHeader, pages: number): void {
  const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;
  const { sandbox: s, session: l } = header;
  const ok =
    typeof header.wasmBuild === "string" &&
    isInt(header.memoryBytes) &&
    header.memoryBytes % PAGE === 0 &&
    pages <= header.memoryBytes / PAGE &&
    s !== null && typeof s === "object" &&
    [s.runtime, s.context, s.api, s.scratch, s.tracker].every(isInt) &&
    // Host-reference ids count up from -2^31.
    Number.isInteger(s.firstHostRef) &&
    Array.isArray(s.fns) && s.fns.every(isInt) &&
    l !== null && typeof l === "object" &&
    [l.describe, l.call, l.encode, l.inspect, l.root].every(isInt) &&
    typeof l.clockMs === "number" && Number.isFinite(l.clockMs) &&
    typeof l.exportsJson === "string" && typeof l.filePath === "string" &&
    (l.timeZone === undefined || typeof l.timeZone === "string");
  if (!ok) throw new SnapshotError(SNAPSHOT_ERRORS.INVALID, "The snapshot's header does not describe a module");
}
