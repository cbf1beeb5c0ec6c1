import { NodeRuntime, createNodeDriver, createNodeRuntimeDriverFactory, type NodeDriverOptions, type NodeRuntimeOptions, type StdioEvent } from "../dist/src/index.js";

/** A runtime plus the output it collected. */
export type Harness = {
  runtime: NodeRuntime;
  stdout: () => string;
  stderr: () => string;
  events: StdioEvent[];
};

/** Creates a NodeRuntime on the Node drivers that records guest output. */
export function harness(
  options: Partial<Omit<NodeRuntimeOptions, "systemDriver" | "runtimeDriverFactory">> = {},
  driver: NodeDriverOptions = {},
): Harness {
  const events: StdioEvent[] = [];
  const runtime = new NodeRuntime({
    systemDriver: createNodeDriver(driver),
    runtimeDriverFactory: createNodeRuntimeDriverFactory(),
    onStdio: (event) => events.push(event),
    ...options,
  });
  const text = (channel: string) => events.filter((e) => e.channel === channel).map((e) => e.message).join("");
  return { runtime, events, stdout: () => text("stdout"), stderr: () => text("stderr") };
}
