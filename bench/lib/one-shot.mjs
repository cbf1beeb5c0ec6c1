// A whole process that runs one program and exits, as a command or a script
// does: `node bench/lib/one-shot.mjs quickexec|floor`. The parent
// (bench/core.mjs) times it from spawn to exit, which counts Node's start,
// the import, the first sandbox and what the process waits for at exit (V8
// finishes a compile in progress before the process ends). `floor` does the
// same with raw quickjs-emscripten.
const which = process.argv[2];
if (which === "floor") {
  const [{ newQuickJSWASMModuleFromVariant }, variant] = await Promise.all([import("quickjs-emscripten-core"), import("@jitl/quickjs-wasmfile-release-sync")]);
  const QuickJS = await newQuickJSWASMModuleFromVariant(variant.default);
  const vm = QuickJS.newContext();
  const value = vm.getNumber(vm.unwrapResult(vm.evalCode("1+1")));
  vm.dispose();
  if (value !== 2) throw new Error("floor: wrong result");
} else {
  const { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory } = await import("quickexec");
  const rt = new NodeRuntime({ systemDriver: createNodeDriver(), runtimeDriverFactory: createNodeRuntimeDriverFactory() });
  const result = await rt.run("module.exports = 1+1");
  rt.dispose();
  if (result.exports !== 2) throw new Error(`one-shot: ${result.errorMessage ?? result.exports}`);
}
