/**
 * Loads and compiles the QuickJS wasm once per page. The build ships the
 * module already patched to export its function table (see `patch.ts`), so it
 * compiles while it downloads; every engine worker gets the compiled module.
 * @module
 */
import { TABLE_EXPORT } from "./patch.js";

const compiled = new Map<string, Promise<WebAssembly.Module>>();

/** The compiled QuickJS module at `url` (fetched and compiled on first call, then shared). */
export function getQuickJSModuleAt(url: string): Promise<WebAssembly.Module> {
  let module = compiled.get(url);
  if (!module) {
    module = compile(url);
    compiled.set(url, module);
    module.catch(() => compiled.delete(url));
  }
  return module;
}

async function compile(url: string): Promise<WebAssembly.Module> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: "same-origin" });
  } catch (error) {
    throw new Error(`Could not load the QuickJS wasm from ${url}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new Error(`Could not load the QuickJS wasm from ${url}: HTTP ${response.status}`);
  const streaming = (response.headers.get("content-type") ?? "").startsWith("application/wasm");
  const module = streaming ? await WebAssembly.compileStreaming(response) : await WebAssembly.compile(await response.arrayBuffer());
  if (!WebAssembly.Module.exports(module).some((e) => e.name === TABLE_EXPORT)) {
    throw new Error(`The wasm at ${url} is not quickexec's build of QuickJS (dist/browser/quickjs.wasm): it does not export ${TABLE_EXPORT}`);
  }
  return module;
}
