// @ts-check
/**
 * @module module-comments
 * A TypeDoc plugin for the module comments of this repository, which open with the module's name
 * and go on with its description (CONTRIBUTING.md: "Every file opens with a `@module` TSDoc block"):
 *
 * ```ts
 * /**
 *  * @module @mlskit/crypto-provider/testing
 *  * The provider conformance kit: ...
 *  *\/
 * ```
 *
 * TypeDoc reads the whole block as the `@module` tag's content, renames a module only when that
 * content is one line, and then drops the tag, description included. This plugin keeps the first
 * line as the tag (so TypeDoc names the module after it) and moves the rest to the summary.
 */
import { Converter, ReflectionKind } from "typedoc";

/**
 * Split a `@module` tag whose content spans several lines: the first line stays the tag's content,
 * the rest is prepended to the comment's summary.
 *
 * @param {import("typedoc").Comment | undefined} comment
 */
function splitModuleTag(comment) {
  const tag = comment?.getTag("@module");
  if (comment === undefined || tag === undefined) return;
  /** @type {import("typedoc").CommentDisplayPart[]} */
  const name = [];
  /** @type {import("typedoc").CommentDisplayPart[]} */
  const rest = [];
  for (const part of tag.content) {
    const at = part.kind === "text" ? part.text.indexOf("\n") : -1;
    if (rest.length > 0 || at === -1) {
      (rest.length > 0 ? rest : name).push(part);
    } else {
      name.push({ kind: "text", text: part.text.slice(0, at) });
      rest.push({ kind: "text", text: part.text.slice(at + 1) });
    }
  }
  if (rest.length === 0) return;
  tag.content = name;
  const separator = comment.summary.length > 0 ? [{ kind: /** @type {const} */ ("text"), text: "\n\n" }] : [];
  comment.summary = [...rest, ...separator, ...comment.summary];
}

/**
 * Runs before TypeDoc's own comment handling (priority 100 > 0): for modules when they are
 * created, and for the project (a package with a single entry point) when resolving starts.
 *
 * @param {import("typedoc").Application} app
 */
export function load(app) {
  app.converter.on(
    Converter.EVENT_CREATE_DECLARATION,
    (_context, reflection) => {
      if (reflection.kindOf(ReflectionKind.SomeModule)) splitModuleTag(reflection.comment);
    },
    100,
  );
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => splitModuleTag(context.project.comment), 100);
}
