// Mermaid's own parser, without a browser (ext/diagrams.py): reads a JSON list of diagram
// codes on stdin, writes a JSON list of Mermaid's messages (null for a diagram that parses).
// Mermaid sanitises labels with DOMPurify, which needs a DOM: jsdom gives it one.
import { JSDOM } from "jsdom";

const { window } = new JSDOM("");
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import("mermaid");

let input = "";
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const code of JSON.parse(input)) {
  try {
    await mermaid.parse(code);
    results.push(null);
  } catch (error) {
    results.push(String(error.message ?? error));
  }
}
process.stdout.write(JSON.stringify(results));
