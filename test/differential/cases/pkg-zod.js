"use strict";
// Differential case: run by test/differential.test.ts under the real Node and
// inside quickexec (cwd = a copy of test/differential/fixture); stdout must match.
// packages: zod
const { show } = require("../show.cjs");
const { z } = require("zod");

const User = z.object({ name: z.string().min(2), age: z.number().int().positive(), email: z.string().email().optional(), tags: z.array(z.string()).default([]) });
show("valid", () => User.parse({ name: "Ada", age: 36 }));
show("invalid issues", () => User.safeParse({ name: "A", age: -1, email: "nope" }).error.issues.map((i) => [i.path.join("."), i.code, i.message]));
show("parse throws ZodError", () => { try { User.parse({}); } catch (e) { return [e.name, e instanceof z.ZodError, e.issues.length]; } });
show("union and enum", () => [z.union([z.string(), z.number()]).safeParse(true).success, z.enum(["a", "b"]).parse("b")]);
show("transform and refine", () => z.string().transform((s) => s.length).refine((n) => n > 2, "too short").safeParse("ab").error.issues[0].message);
show("discriminated union", () => z.discriminatedUnion("kind", [z.object({ kind: z.literal("a"), x: z.number() }), z.object({ kind: z.literal("b") })]).parse({ kind: "a", x: 1 }));
z.string().parseAsync("async").then((v) => show("parseAsync", () => v));
