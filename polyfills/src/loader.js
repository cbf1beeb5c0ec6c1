// The guest's CommonJS module system: Node's `Module`, `require`,
// `require.resolve`, `require.cache` and `module.createRequire`. Resolution
// and reading happen on the host (ops `module.load`, which resolves and reads
// in one call, `module.resolve` and `module.read`, behind the fs permission);
// `module.load` may send ahead what a node_modules file requires (kept in
// `pathCache` and `prefetched`); compiling happens in the engine (`compile`
// wraps the source in Node's function wrapper, keeping line numbers). The
// sources `module.load` brings stay on the engine's side of the sandbox
// (`src/engine/module-sources.ts`): the guest gets `true` for the file's own
// source and only the names of the files sent ahead, compiles them by name
// (`compile(undefined, file)`, undefined when the engine holds none), and
// takes a text into its heap only when it needs it (JSON, or a
// `Module.prototype._compile` of the program's own).
// Nothing is loaded until it is required.

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends false finally for function " +
    "if import in instanceof new null return super switch this throw true try typeof var void while with yield let static " +
    "implements interface package private protected public await").split(" "),
);

export function createLoader({ hostCall, hostCompile, hostModuleSource, hostRequireModule, requireBuiltin, isBuiltin, builtinNames, process }) {
  const pathCache = new Map();
  // Files whose sources the host sent ahead (module.load's prefetch; the engine keeps the texts): each is taken by the first load of its file.
  const prefetched = new Set();
  // Whether a specifier names a builtin (fixed for the sandbox's life): asked of the engine once per specifier.
  const builtinRequests = new Map();
  // module.paths by folder (each module gets its own copy).
  const modulePaths = new Map();
  let mainModule;

  /** Keeps what `module.load` sent ahead: resolutions by fours (dir, request, file, format) joined with line feeds, then the files whose sources the engine keeps. */
  function absorb([linkText, files]) {
    const links = linkText === "" ? [] : linkText.split("\n");
    for (let i = 0; i + 3 < links.length; i += 4) {
      const key = links[i] + "\0" + links[i + 1];
      if (!pathCache.has(key)) pathCache.set(key, [links[i + 2], links[i + 3]]);
    }
    for (let i = 0; i < files.length; i++) prefetched.add(files[i]);
  }

  /** isBuiltin for a require: a relative or absolute path never is one; other answers are remembered. */
  function isBuiltinRequest(request) {
    const c = request.charCodeAt(0);
    if (c === 46 /* . */ || c === 47 /* / */) return false;
    let known = builtinRequests.get(request);
    if (known === undefined) builtinRequests.set(request, (known = isBuiltin(request)));
    return known;
  }

  function dirnameOf(file) {
    const i = file.lastIndexOf("/");
    return i <= 0 ? "/" : file.slice(0, i);
  }

  function nodeModulePaths(dir) {
    let paths = modulePaths.get(dir);
    if (paths === undefined) modulePaths.set(dir, (paths = nodeModulePathsOf(dir)));
    return paths.slice();
  }

  function nodeModulePathsOf(dir) {
    const paths = [];
    for (let d = dir; ; d = dirnameOf(d)) {
      if (!d.endsWith("/node_modules")) paths.push(d === "/" ? "/node_modules" : d + "/node_modules");
      if (d === "/") break;
    }
    return paths;
  }

  function argTypeError(name, value) {
    const received =
      value === null ? "null" : value === undefined ? "undefined" : typeof value === "object" || typeof value === "function" ? `an instance of ${(value.constructor && value.constructor.name) || "Object"}` : `type ${typeof value} (${String(value)})`;
    const err = new TypeError(`The "${name}" argument must be of type string. Received ${received}`);
    err.code = "ERR_INVALID_ARG_TYPE";
    return err;
  }

  function requireStack(parent) {
    const stack = [];
    for (let m = parent; m; m = m.parent) if (m.filename) stack.push(m.filename);
    return stack;
  }

  function notFound(request, parent) {
    const stack = requireStack(parent);
    const err = new Error(`Cannot find module '${request}'` + (stack.length ? `\nRequire stack:\n- ${stack.join("\n- ")}` : ""));
    err.code = "MODULE_NOT_FOUND";
    err.requireStack = stack;
    return err;
  }

  class Module {
    constructor(id = "", parent) {
      this.id = id;
      this.path = dirnameOf(id);
      this.exports = {};
      this.filename = null;
      this.loaded = false;
      this.children = [];
      this.paths = [];
      Object.defineProperty(this, "parent", { value: parent, writable: true, enumerable: false, configurable: true });
      if (parent && parent.children) parent.children.push(this);
    }

    require(id) {
      if (typeof id !== "string") throw argTypeError("id", id);
      if (id === "") {
        const err = new TypeError("The argument 'id' must be a non-empty string. Received ''");
        err.code = "ERR_INVALID_ARG_VALUE";
        throw err;
      }
      return Module._load(id, this);
    }

    _compile(content, filename) {
      return compileModule(this, content, filename);
    }
  }

  /** Compiles and runs a module's source. */
  function compileModule(module, content, filename) {
    return runCompiled(module, hostCompile(content, filename), filename);
  }

  /** Compiles the source the engine kept for `filename` (undefined if none); named as Module#_compile, whose place it takes in stack traces. */
  const compileKept = function _compile(filename) {
    return hostCompile(undefined, filename);
  };

  /** Runs a module's compiled wrapper. */
  function runCompiled(module, fn, filename) {
    const require = makeRequire(module);
    return fn.call(module.exports, module.exports, require, module, filename, dirnameOf(filename));
  }
  const baseCompile = Module.prototype._compile;

  Module._cache = Object.create(null);
  Module._pathCache = Object.create(null);
  let builtinList = null;
  Object.defineProperty(Module, "builtinModules", {
    get: () => builtinList || (builtinList = builtinNames()),
    set: (value) => (builtinList = value),
    enumerable: true,
    configurable: true,
  });
  Module.isBuiltin = isBuiltin;
  Module.globalPaths = ["/root/node_modules"];
  Module.wrapper = ["(function (exports, require, module, __filename, __dirname) { ", "\n});"];
  Module.wrap = (script) => Module.wrapper[0] + script + Module.wrapper[1];
  Module.Module = Module;

  /** The file `request` names from `parent`, as `[file, format]`; builtins as `[name, "builtin"]`. */
  Module._resolveFilename = function _resolveFilename(request, parent, isMain, options) {
    if (isBuiltin(request)) return request;
    const found = resolve(request, parent, options);
    return found[0];
  };

  /**
   * `[file, format]` for `request` from `parent`. With `load`, a first
   * resolution also brings the file's source when the host has not sent it
   * in this run (`[file, format, source]`, op `module.load`).
   */
  function resolve(request, parent, options, load) {
    if (request.startsWith("node:")) {
      const err = new Error(`No such built-in module: ${request}`);
      err.code = "ERR_UNKNOWN_BUILTIN_MODULE";
      throw err;
    }
    const from = (parent && parent.filename) || (parent && parent.id && parent.id !== "." ? parent.id : "/root/[eval]");
    const bases = options && Array.isArray(options.paths) ? options.paths.map((p) => (p.endsWith("/") ? p : p + "/") + "[eval]") : [from];
    for (let i = 0; i < bases.length; i++) {
      const base = bases[i];
      const key = dirnameOf(base) + "\0" + request;
      let found = pathCache.get(key);
      if (found === undefined) {
        found = load ? hostCall("module.load", request, base) : hostCall("module.resolve", request, base, "require");
        if (found !== null && found.length > 3) absorb(found[3]);
        if (found !== null) pathCache.set(key, found.length > 2 ? [found[0], found[1]] : found);
      }
      if (found !== null) return found;
    }
    throw notFound(request, parent);
  }

  Module._load = function _load(request, parent, isMain) {
    if (isBuiltinRequest(request)) return requireBuiltin(request);
    // Indexes, not destructuring: the engine's array destructuring goes through the iterator protocol (every require passes here).
    const found = resolve(request, parent, undefined, true);
    const filename = found[0];
    const cached = Module._cache[filename];
    if (cached !== undefined) {
      if (parent && parent.children && !parent.children.includes(cached)) parent.children.push(cached);
      return cached.exports;
    }
    if (found[1] === "module") return loadEsm(filename, parent);
    return loadFile(filename, found[1], parent, found[2]);
  };

  /** A new module for a resolved file, put in require.cache before it is evaluated (cycles see it). */
  function cachedModule(filename, parent) {
    const module = new Module(filename, parent);
    module.filename = filename;
    module.paths = nodeModulePaths(dirnameOf(filename));
    Module._cache[filename] = module;
    return module;
  }

  /**
   * require() of an ES module, as Node 22 does it: the module graph is
   * evaluated at once and its namespace is the result (or its
   * "module.exports" export, when it names one); cached like any module.
   */
  function loadEsm(filename, parent) {
    const module = cachedModule(filename, parent);
    let threw = true;
    try {
      let namespace = hostRequireModule(filename);
      if (Object.prototype.hasOwnProperty.call(namespace, "module.exports")) namespace = namespace["module.exports"];
      // A default export: Node gives a namespace that also says __esModule, for transpiled code's interop.
      else if ("default" in namespace && !("__esModule" in namespace)) namespace = hostRequireModule(filename, true);
      module.exports = namespace;
      threw = false;
    } finally {
      if (threw) delete Module._cache[filename];
    }
    module.loaded = true;
    return module.exports;
  }

  /** Loads a resolved file (`source`: true when the engine kept its text, which came with the resolution). */
  function loadFile(filename, format, parent, source) {
    const module = cachedModule(filename, parent);
    let threw = true;
    try {
      const kept = source === true || (source === undefined && prefetched.delete(filename));
      let compiled;
      if (kept) {
        // A kept source is compiled by name, unless its text itself is needed here. The engine may hold none (a
        // snapshot restored into another run): the file is then read as any other.
        source = undefined;
        if (format === "json" || module._compile !== baseCompile) source = hostModuleSource(filename);
        else compiled = compileKept(filename);
      }
      if (compiled === undefined && source === undefined) source = hostCall("module.read", filename);
      if (compiled !== undefined) {
        runCompiled(module, compiled, filename);
      } else if (format === "json") {
        try {
          module.exports = JSON.parse(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
        } catch (err) {
          err.message = `${filename}: ${err.message}`;
          throw err;
        }
      } else {
        module._compile(source, filename);
      }
      threw = false;
    } finally {
      if (threw) {
        delete Module._cache[filename];
        if (parent && parent.children) {
          const i = parent.children.indexOf(module);
          if (i >= 0) parent.children.splice(i, 1);
        }
      }
    }
    module.loaded = true;
    return module.exports;
  }

  function makeRequire(module) {
    function require(id) {
      return module.require(id);
    }
    function resolveFn(request, options) {
      if (typeof request !== "string") throw argTypeError("request", request);
      if (isBuiltin(request)) return request;
      return resolve(request, module, options)[0];
    }
    resolveFn.paths = function paths(request) {
      if (isBuiltin(request)) return null;
      return nodeModulePaths(module.path || "/").concat(Module.globalPaths);
    };
    require.resolve = resolveFn;
    require.main = mainModule;
    require.extensions = { ".js": null, ".json": null, ".node": null };
    require.cache = Module._cache;
    return require;
  }

  Module.createRequire = function createRequire(filename) {
    if (typeof filename === "object" && filename !== null && typeof filename.href === "string") filename = filename.href;
    if (typeof filename === "string" && filename.startsWith("file://")) filename = decodeURIComponent(filename.slice(7));
    if (typeof filename !== "string" || !filename.startsWith("/")) {
      const err = new TypeError(`The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${JSON.stringify(filename)}`);
      err.code = "ERR_INVALID_ARG_VALUE";
      throw err;
    }
    const proxy = new Module(filename.endsWith("/") ? filename + "[eval]" : filename);
    proxy.filename = proxy.id;
    proxy.paths = nodeModulePaths(proxy.path);
    return makeRequire(proxy);
  };

  return {
    Module,
    /** Runs the main program's compiled wrapper as module ".". */
    runMain(fn, filename, dirname) {
      const module = new Module(".", undefined);
      module.filename = filename;
      module.path = dirname;
      module.paths = nodeModulePaths(dirname);
      mainModule = module;
      Module._cache[filename] = module;
      process.mainModule = module;
      const require = makeRequire(module);
      fn.call(module.exports, module.exports, require, module, filename, dirname);
      module.loaded = true;
      return module;
    },
    mainExports() {
      return mainModule ? mainModule.exports : undefined;
    },
    /** Loads a resolved CommonJS or JSON file for an ES module importing it. */
    requireFile(filename) {
      const cached = Module._cache[filename];
      if (cached) return cached.exports;
      const format = filename.endsWith(".json") ? "json" : "commonjs";
      if (filename.endsWith(".node")) hostCall("module.read", filename);
      return loadFile(filename, format, undefined);
    },
    /** The names an ES module can import from a CommonJS file (loading it). */
    exportNames(exports) {
      if (exports === null || (typeof exports !== "object" && typeof exports !== "function")) return [];
      return Object.keys(exports).filter((k) => k !== "default" && /^[A-Za-z_$][\w$]*$/.test(k) && !RESERVED.has(k));
    },
  };
}
