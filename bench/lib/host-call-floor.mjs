// The floor for a synchronous host call: raw quickjs-emscripten (same wasm
// build), in the host's own thread, a host function installed with
// `newFunction` that returns a file's text from a host Map. No thread hop, no
// permission check, no filesystem: what any sandbox on this engine pays at
// least for a guest call that returns a small string.
import { performance } from "node:perf_hooks";
import { newQuickJSWASMModuleFromVariant } from "quickjs-emscripten-core";
import releaseSyncVariant from "@jitl/quickjs-wasmfile-release-sync";

let quickjs = null;

/**
 * µs per call of `readFileSync(path)` from a raw QuickJS context, one figure
 * per round of `calls` calls (after 200 warm-up calls).
 */
export async function floorHostCallMicros(files, path, calls, rounds) {
  quickjs ??= await newQuickJSWASMModuleFromVariant(releaseSyncVariant);
  const runtime = quickjs.newRuntime();
  const context = runtime.newContext();
  try {
    const fn = context.newFunction("readFileSync", (pathHandle) => {
      const text = files.get(context.getString(pathHandle));
      return text === undefined ? { error: context.newError("ENOENT") } : context.newString(text);
    });
    context.setProp(context.global, "readFileSync", fn);
    fn.dispose();
    const loop = (n) => context.unwrapResult(context.evalCode(`for (let i = 0; i < ${n}; i++) readFileSync(${JSON.stringify(path)});`)).dispose();
    loop(200);
    const out = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      loop(calls);
      out.push(((performance.now() - t0) * 1000) / calls);
    }
    return out;
  } finally {
    context.dispose();
    runtime.dispose();
  }
}
