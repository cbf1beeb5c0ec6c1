// The host's bindings (new NodeRuntime({ bindings })) as the guest sees them:
// a frozen tree of functions at globalThis.SecureExec.bindings, the place
// secure-exec's custom bindings use. Each function copies its arguments out
// (as serialize.js encodes; getters and Proxy traps run here, in the guest)
// and makes a synchronous host call; the host answers with the result, copied
// in, or with a token for a promise, which the guest then awaits as an async
// host call. A binding that throws gives an Error with its message only.
/* global require */
import { serializeResult } from "../serialize.js";

const host = require("internal/host", true);
const { decode } = require("internal/live", true);
const { freeze, create, defineProperty } = Object;

function makeBinding(path) {
  const name = path.slice(path.lastIndexOf(".") + 1);
  const binding = {
    [name](...args) {
      const argsJson = serializeResult(args, { root: `the arguments of SecureExec.bindings.${path}` });
      const reply = host.call("binding.call", path, argsJson);
      if (reply.token !== undefined) return host.callAsync("binding.await", reply.token).then((settled) => decode(settled.json));
      return decode(reply.json);
    },
  }[name];
  return freeze(binding);
}

function buildTree(paths) {
  const root = create(null);
  for (const path of paths) {
    const parts = path.split(".");
    let node = root;
    for (let i = 0; i < parts.length - 1; i++) {
      if (node[parts[i]] === undefined) defineProperty(node, parts[i], { value: create(null), enumerable: true });
      node = node[parts[i]];
    }
    defineProperty(node, parts[parts.length - 1], { value: makeBinding(path), enumerable: true });
  }
  return deepFreeze(root);
}

function deepFreeze(node) {
  for (const key of Object.keys(node)) if (typeof node[key] !== "function") deepFreeze(node[key]);
  return freeze(node);
}

const bindings = buildTree(host.call("binding.list"));

export default { SecureExec: freeze({ bindings }) };
