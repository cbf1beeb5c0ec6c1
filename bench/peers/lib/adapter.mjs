// The interface every peer adapter in ../adapters implements (documentation
// only: JavaScript has no interfaces). run.mjs calls these in the same order,
// with the same plans, on every peer.

/**
 * How many times to repeat a measurement.
 * @typedef {object} Plan
 * @property {number} warmup untimed runs first
 * @property {number} iterations timed runs
 */

/**
 * A sample of times in ms, or "n/a" with the reason.
 * @typedef {{ samples: number[] } | { na: string }} Timing
 */

/**
 * Host memory held per idle sandbox.
 * @typedef {object} Memory
 * @property {number} count sandboxes kept alive
 * @property {number} rssBytes this process's RSS after minus before, divided by count (after forced gc)
 * @property {number} heapBytes V8 heapUsed after minus before, divided by count
 * @property {number} [childRssBytes] RSS growth of the peer's helper process(es), divided by count
 * @property {string} held what one idle sandbox holds for this peer
 */

/**
 * The host event loop while the guest computes fib(30).
 * @typedef {object} Stall
 * @property {number[]} maxGaps largest gap between ticks of a 1 ms host interval, one per run (ms)
 * @property {number[]} wallMs the run's host wall time, one per run (ms)
 */

/**
 * A peer-specific figure: either a ready value or a sample run.mjs summarises.
 * @typedef {object} Extra
 * @property {string} label
 * @property {string} [value] the figure, formatted
 * @property {number[]} [samples] times in ms
 * @property {Plan} [plan] how `samples` was taken
 * @property {string} [note]
 */

/**
 * One peer.
 * @typedef {object} PeerAdapter
 * @property {string} name package name
 * @property {string} version installed version
 * @property {string} engine what executes the guest, and on which thread or process
 * @property {Record<string, string>} notes what each figure means for this peer, by workload key
 * @property {() => Promise<{ firstMs: number, helperRssBytes?: number }>} init loads the engine; times the first sandbox in the process (and reports the RSS of helper processes it started)
 * @property {(plan: Plan) => Promise<Timing>} coldStart new sandbox + trivial program + dispose, per iteration
 * @property {(plan: Plan) => Promise<Timing>} warmRun the trivial program on an already-made runtime/context
 * @property {(plan: Plan) => Promise<Timing>} fib27 fib(27) on an already-made runtime/context
 * @property {(plan: Plan) => Promise<Timing>} readFileSmall ms per guest read of the 100-byte file
 * @property {(count: number) => Promise<Memory | { na: string }>} idleSandboxMemory host memory per idle sandbox
 * @property {(plan: Plan) => Promise<Stall | { na: string }>} stallDuringCompute host loop stall during fib(30)
 * @property {(plan: Plan) => Promise<Extra[]>} extras peer-specific extra figures
 * @property {() => Promise<void>} close releases everything the adapter holds
 */

export {};
