// Prints, as JSON, the type the npm `yaml` parser gives every `src` value (a
// translation's fingerprints) in each YAML file named on the command line:
// {"file": [["meta", "string"], ["sections.0", "number"], ...], ...}.
// Read as YAML 1.2 with the core schema, as editors and Weblate's tools do.
import { readFileSync } from "node:fs";
import { parse } from "yaml";

function* srcs(node, path) {
  if (Array.isArray(node)) {
    for (const [index, value] of node.entries()) yield* srcs(value, [...path, index]);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "src") yield [path.join("."), typeof value];
      else yield* srcs(value, [...path, key]);
    }
  }
}

const found = {};
for (const file of process.argv.slice(2)) {
  const data = parse(readFileSync(file, "utf8"), { version: "1.2", schema: "core", uniqueKeys: true });
  found[file] = [...srcs(data, [])];
}
process.stdout.write(JSON.stringify(found));
