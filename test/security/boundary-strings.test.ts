// Attack cases (issue 6): strings and paths that cross the boundary must arrive whole and normalised.
import { afterAll, describe, expect, it } from "vitest";
import { harness } from "../helpers.js";

const h = harness();
afterAll(() => h.runtime.dispose());

describe("strings and paths across the boundary", () => {
  it("guest output with NUL characters and lone surrogates reaches onStdio whole", async () => {
    // Contained: the host sees exactly what the guest printed; a NUL cannot hide the rest of a line from a host
    // that logs or filters guest output.
    const events: string[] = [];
    const r = await h.runtime.exec(`console.log("visible\\0hidden"); process.stdout.write("a\\0b\\ud800c");`, {
      onStdio: (e) => events.push(e.message),
    });
    expect(r.code).toBe(0);
    expect(events.join("")).toBe("visible\0hidden\na\0b\ud800c");
  });

  it("a relative exec cwd becomes an absolute, normalised sandbox path", async () => {
    // Contained: the guest's cwd is always absolute, so the guest's path arithmetic and the host's agree;
    // climbing above / stops at /.
    const r = await h.runtime.run(`module.exports = [process.cwd(), require("path").resolve("x")];`);
    expect(r.exports).toEqual(["/root", "/root/x"]);
    const out: string[] = [];
    const climbed = await h.runtime.exec(`console.log(JSON.stringify([process.cwd(), require("path").resolve("x"), __filename]))`, {
      cwd: "../../../outside",
      onStdio: (e) => out.push(e.message),
    });
    expect(climbed.code).toBe(0);
    expect(JSON.parse(out.join(""))).toEqual(["/outside", "/outside/x", "/outside/index.js"]);
    const nested: string[] = [];
    await h.runtime.exec(`console.log(process.cwd())`, { cwd: "work/./a/../b//", onStdio: (e) => nested.push(e.message) });
    expect(nested.join("")).toBe("/root/work/b\n");
  });
});
