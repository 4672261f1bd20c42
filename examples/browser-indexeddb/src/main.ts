/**
 * @module main
 * The page: wires the buttons to {@link demo} and renders every result into `#log` (one line per
 * step) and `#stored`. `document.body.dataset.state` is `"ready"` when the page waits for a click,
 * `"busy"` during a step and `"error"` after a failure (the tests wait on it).
 */
import { generate, providerName, reset, storedCount, takeForWelcome } from "./demo.js";

const log = document.querySelector<HTMLPreElement>("#log")!;
const stored = document.querySelector<HTMLOutputElement>("#stored")!;
const buttons = {
  generate: document.querySelector<HTMLButtonElement>("#generate")!,
  take: document.querySelector<HTMLButtonElement>("#take")!,
  reset: document.querySelector<HTMLButtonElement>("#reset")!,
};

function say(line: string): void {
  log.textContent += `${line}\n`;
}

/** Run one step with the buttons disabled; render its failure instead of throwing. */
async function step(work: () => Promise<void>): Promise<void> {
  document.body.dataset.state = "busy";
  for (const b of Object.values(buttons)) b.disabled = true;
  try {
    await work();
    stored.value = String(await storedCount());
    document.body.dataset.state = "ready";
  } catch (e) {
    say(`error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    document.body.dataset.state = "error";
  } finally {
    for (const b of Object.values(buttons)) b.disabled = false;
  }
}

buttons.generate.addEventListener("click", () =>
  step(async () => {
    const r = await generate(5);
    say(`generated: ${r.created} key packages (signature key: ${r.signatureKey})`);
    say(`published: ${r.publishedBytes} bytes of MLSMessages; peer validated ${r.validated}/${r.created}`);
    say(`stored: ${r.stored} in IndexedDB`);
  }),
);

buttons.take.addEventListener("click", () =>
  step(async () => {
    const r = await takeForWelcome();
    if (r.ref === undefined) say("welcome: the store is empty");
    else say(`welcome: took ${r.ref} (init private key ${r.initPrivateKeyBytes} bytes), ${r.left} left`);
    say(`second take: ${r.secondTake}`);
  }),
);

buttons.reset.addEventListener("click", () =>
  step(async () => {
    await reset();
    say("reset: database deleted");
  }),
);

void step(async () => {
  say(`provider: ${providerName}; ${(await storedCount()).toString()} key packages found in IndexedDB`);
});
