/**
 * Every `mlskit …` command line in the shell examples of the READMEs and the directory guide
 * names a command that exists, with options its help lists; tokens in them have the real prefix.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.js";
import { memoryIo } from "./memory-io.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const DOCS = [
  "README.md",
  "docs/directory.md",
  "packages/cli/README.md",
  "packages/directory/README.md",
  "packages/directory-client/README.md",
];

/** The command lines of a document's ```sh blocks that run mlskit (continuation lines joined). */
function commandLines(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const text = block[1]!.replace(/\s*\\\n\s*/g, " ").replace(/\$\([^)]*\)/g, "X");
    for (const line of text.split("\n")) {
      // Up to a comment, then each command of a pipeline or a list.
      for (const part of line.replace(/\s#.*$/, "").split(/\||&&|;/)) {
        const m = /(?:^|\s)mlskit (.*)$/.exec(part);
        if (m !== null) out.push(m[1]!.trim());
      }
    }
  }
  return out;
}

async function help(words: string[]): Promise<{ code: number; text: string }> {
  const m = memoryIo({});
  const code = await main([...words, "--help"], m.io);
  return { code, text: m.out.stdout };
}

describe("the documented command lines", () => {
  for (const doc of DOCS) {
    it(`${doc}: commands exist and take the options shown`, async () => {
      const markdown = readFileSync(join(ROOT, doc), "utf8");
      const lines = commandLines(markdown);
      if (doc !== "packages/directory-client/README.md") expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) {
        const words = line.split(/\s+/);
        const command = [words[0]!];
        const group = await help(command);
        // A group's subcommand is the next word, when the group has one by that name.
        if (words[1] !== undefined && !words[1].startsWith("-")) {
          const sub = await help([words[0]!, words[1]]);
          if (sub.code === 0 && sub.text.startsWith(`Usage: mlskit ${words[0]} ${words[1]}`))
            command.push(words[1]);
        }
        const { code, text } = command.length === 1 ? group : await help(command);
        expect([line, code, text.startsWith(`Usage: mlskit ${command.join(" ")}`)]).toEqual([line, 0, true]);
        for (const option of line.match(/(?<=\s|^)--[a-z][a-z-]*/g) ?? []) {
          if (option === "--help") continue;
          expect([line, option, text.includes(option)]).toEqual([line, option, true]);
        }
      }
      // Tokens shown in examples carry the real prefix.
      for (const token of markdown.match(/\bmlsk[a-z]*_[A-Za-z0-9_…-]*/g) ?? [])
        expect([doc, token.startsWith("mlsk_")]).toEqual([doc, true]);
    });
  }

  it("finds the command lines of a document", () => {
    expect(
      commandLines(
        "```sh\nmlskit generate --count 2   # note\nMLSKIT_DIRECTORY_TOKEN=mlsk_… mlskit claim --from u \\\n  --user a | head\n```\n",
      ),
    ).toEqual(["generate --count 2", "claim --from u --user a"]);
  });
});
