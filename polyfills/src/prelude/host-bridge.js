// The guest's bridge to the host's asynchronous work, given to the builtins as
// `require("internal/host", true)`.
export function installHostBridge(rt, host, coreModules, hostError) {
  const hostCall = host.call;
  const hostCallBytes = host.callBytes;
  const hostSubmit = host.submit;

  // An async op runs on the host while the guest goes on; it settles on a later
  // loop turn and keeps the loop alive meanwhile. A handle is a target for events
  // the host pushes (a child's output, a server's requests); a ref'd handle keeps
  // the loop alive until it is closed or unref'd. Ids are the guest's, so a
  // handle exists before the op that makes the host resource is called.
  let nextTargetId = 1;
  const pendingOps = new Map();
  const handles = new Map();
  let refedHandles = 0;
  function submit(op, index, bytes, args) {
    const id = nextTargetId++;
    return new Promise((resolve, reject) => {
      pendingOps.set(id, { resolve, reject });
      try {
        hostSubmit(id, op, index, bytes, ...args);
      } catch (err) {
        pendingOps.delete(id);
        reject(err);
      }
    });
  }
  class HostHandle {
    constructor(onEvent) {
      this.id = nextTargetId++;
      this._onEvent = rt.bindAsync === null ? onEvent : rt.bindAsync(onEvent, "HostHandle", this);
      this._refed = true;
      this._closed = false;
      handles.set(this.id, this);
      refedHandles++;
    }
    ref() {
      if (!this._refed && !this._closed) {
        this._refed = true;
        refedHandles++;
      }
      return this;
    }
    unref() {
      if (this._refed && !this._closed) {
        this._refed = false;
        refedHandles--;
      }
      return this;
    }
    hasRef() {
      return this._refed && !this._closed;
    }
    close() {
      if (this._closed) return;
      this.unref();
      this._closed = true;
      handles.delete(this.id);
    }
  }
  function deliver(target, name, value) {
    const op = pendingOps.get(target);
    if (op !== undefined) {
      pendingOps.delete(target);
      if (name === "error") op.reject(hostError(value));
      else op.resolve(value);
      return;
    }
    const handle = handles.get(target);
    if (handle === undefined) return;
    handle._onEvent(name, name === "error" && value && typeof value === "object" && typeof value.message === "string" ? hostError(value) : value);
  }

  // What the host-backed builtins (fs, ...) reach the host through; op calls are checked on the host.
  coreModules["internal/host"] = () => ({
    call: hostCall,
    callBytes: hostCallBytes,
    /** Starts an op on the host; the promise settles on a later loop turn. */
    callAsync: (op, ...args) => submit(op, -1, undefined, args),
    /** As callAsync, with one ArrayBuffer inserted at `index` among the arguments. */
    callAsyncBytes: (op, index, bytes, ...args) => submit(op, index, bytes, args),
    /** A target for host events: `onEvent(name, value)` runs as a loop callback. */
    openHandle: (onEvent) => new HostHandle(onEvent),
    /** A promise's state for util.inspect: [0] pending, [1, value] fulfilled, [2, reason] rejected. */
    promiseState: host.promiseState,
    takeStdin() {
      const text = rt.stdinText;
      rt.stdinText = null;
      return text;
    },
  });
  function hasRefs() {
    return pendingOps.size > 0 || refedHandles > 0;
  }
  return { deliver, hasRefs };
}
