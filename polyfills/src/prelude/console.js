// The guest's console: Node's formatting (../format.js), group indentation,
// counters and timers, written straight to the host's stdout and stderr.
import { ObjectDefine } from "./primordials.js";
import { formatArgs, inspectValue } from "../format.js";

export function installConsole(g, rt, hostStdio, perfNow, loadInspect) {
  let groupIndent = "";
  const counts = new Map();
  const timeLabels = new Map();
  function emit(channel, args) {
    if (rt.exiting) return;
    let text = formatArgs(args, loadInspect);
    if (groupIndent) text = groupIndent + text.split("\n").join("\n" + groupIndent);
    hostStdio(channel, text + "\n");
  }
  const console = {
    log: (...a) => emit("stdout", a),
    info: (...a) => emit("stdout", a),
    debug: (...a) => emit("stdout", a),
    error: (...a) => emit("stderr", a),
    warn: (...a) => emit("stderr", a),
    trace: (...a) => {
      const err = new Error(formatArgs(a, loadInspect));
      emit("stderr", ["Trace: " + err.message + "\n" + String(err.stack || "").replace(/^.*\n/, "")]);
    },
    dir: (value, options) => emit("stdout", [inspectValue(value, options, loadInspect)]),
    assert: (condition, ...a) => {
      if (!condition) emit("stderr", a.length ? ["Assertion failed:", ...a] : ["Assertion failed"]);
    },
    count: (label = "default") => {
      label = String(label);
      const n = (counts.get(label) || 0) + 1;
      counts.set(label, n);
      emit("stdout", [`${label}: ${n}`]);
    },
    countReset: (label = "default") => counts.delete(String(label)),
    group: (...a) => {
      if (a.length) emit("stdout", a);
      groupIndent += "  ";
    },
    groupEnd: () => {
      groupIndent = groupIndent.slice(0, -2);
    },
    time: (label = "default") => timeLabels.set(String(label), perfNow()),
    timeEnd: (label = "default") => {
      label = String(label);
      if (!timeLabels.has(label)) return;
      emit("stdout", [`${label}: ${(perfNow() - timeLabels.get(label)).toFixed(3)}ms`]);
      timeLabels.delete(label);
    },
    timeLog: (label = "default", ...a) => {
      label = String(label);
      if (!timeLabels.has(label)) return;
      emit("stdout", [`${label}: ${(perfNow() - timeLabels.get(label)).toFixed(3)}ms`, ...a]);
    },
    table: (data, properties) => {
      const table = loadInspect().consoleTable(data, properties);
      emit("stdout", table === null ? [data] : [table]);
    },
  };
  console.groupCollapsed = console.group;
  ObjectDefine(g, "console", { value: console, writable: true, configurable: true, enumerable: false });
  return console;
}
