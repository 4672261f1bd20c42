/**
 * @module readme-example
 * A README's example run as written, so that a README test checks the README itself rather than
 * a copy of it: the first ```ts block, with its import lines replaced by the names the test hands
 * in and `console.log` by a collector.
 */

type AsyncFunctionConstructor = new (...args: string[]) => (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as AsyncFunctionConstructor;

/** What a README example did. */
export interface ReadmeRun {
  /** What it passed to `console.log`, in order. */
  readonly logged: readonly unknown[];
  /** The top-level bindings asked for, by name. */
  readonly values: Readonly<Record<string, unknown>>;
}

/**
 * Run the first ```ts block of a README (plain JavaScript apart from its imports, with top-level
 * `await`).
 * @param markdown - the README's text
 * @param scope - what the block's imports bring in, by name; a name it imports that is missing here fails
 * @param names - top-level bindings of the block to hand back
 * @returns what it logged and the bindings asked for
 * @example
 * ```ts
 * const { logged } = await runReadmeExample(readme, { createNodeCryptoProvider, signWithLabel, verifyWithLabel });
 * ```
 */
export async function runReadmeExample(
  markdown: string,
  scope: Readonly<Record<string, unknown>>,
  names: readonly string[] = [],
): Promise<ReadmeRun> {
  const block = /```ts\n([\s\S]*?)```/.exec(markdown)?.[1];
  if (block === undefined) throw new Error("the README has no ```ts block");
  for (const m of block.matchAll(/^import \{([^}]*)\} from .*$/gm)) {
    for (const name of m[1]!.split(",").map((n) => n.trim())) {
      if (name !== "" && !(name in scope))
        throw new Error(`the README imports ${name}, which the test did not give`);
    }
  }
  const code = block.replace(/^import .*$/gm, "");
  const logged: unknown[] = [];
  const run = new AsyncFunction(...Object.keys(scope), "console", `${code}\nreturn { ${names.join(", ")} };`);
  const values = (await run(...Object.values(scope), { log: (v: unknown) => logged.push(v) })) as Record<
    string,
    unknown
  >;
  return { logged, values };
}
