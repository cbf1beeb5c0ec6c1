// The guest's randomness. Under the runtime's `randomSeed` (config.randomSeed,
// set by the engine's configure) Math.random and the crypto builtins draw from
// generators of the seed (internal/seeded_random, loaded on the first draw).
// Without one, crypto takes the host's entropy, and so does Math.random: its
// generator's state is 128 bits of entropy the engine puts in each run's
// config (config.mathEntropy; QuickJS's own Math.random would repeat the same
// numbers in every run, its state being part of the sandbox image every run
// starts from).
import { ObjectDefine } from "./primordials.js";

export function installRandom(rt, coreModules, requireBuiltin) {
  // The run's generators, made on the first draw (configure drops the last run's).
  let generator = null;
  let math = null;
  function seedOf() {
    return rt.config !== null && typeof rt.config.randomSeed === "string" ? rt.config.randomSeed : null;
  }
  function seeded() {
    if (generator === null && seedOf() !== null) generator = requireBuiltin("internal/seeded_random", true).create(seedOf());
    return generator;
  }
  function makeMath() {
    const source = requireBuiltin("internal/seeded_random", true);
    const own = seeded();
    math = own !== null ? own : source.mathRandom(rt.config.mathEntropy);
    // Later calls go straight to the generator (unless the guest put its own Math.random in place).
    if (Math.random === random) ObjectDefine(Math, "random", { value: math.random, writable: true, configurable: true, enumerable: false });
    return math;
  }
  // A method, so that like the builtin it has no prototype and is no constructor.
  const { random } = {
    random() {
      return (math ?? makeMath()).random();
    },
  };
  ObjectDefine(Math, "random", { value: random, writable: true, configurable: true, enumerable: false });
  // crypto's randomness asks this for the seeded generator (null: use the host's entropy).
  coreModules["internal/random_source"] = () => ({ seeded });
  // Called by configure: a new run draws from new generators.
  return function configureRandom() {
    generator = null;
    math = null;
    ObjectDefine(Math, "random", { value: random, writable: true, configurable: true, enumerable: false });
  };
}
