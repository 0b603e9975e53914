/**
 * Renders an {@link OperationResult} as a compact, Pulumi-CLI-like transcript. Secret outputs are
 * always masked; properties whose names start with `__` (the serialized `__provider`, JobRun's
 * `__identity` among the inputs a preview plans as outputs) are left out, as the CLI's display
 * leaves them out (`resource.IsInternalPropertyKey`).
 */
import type { OperationResult, ResourceOutputs, StepRecord } from "./engineTypes";
import type { PropertyValue } from "./propertyValues";

const HEADINGS: Record<OperationResult["operation"], string> = {
  preview: "Previewing update",
  up: "Updating",
  refresh: "Refreshing",
  destroy: "Destroying",
};

/** How each op is counted in the summary: [in a preview, after the fact]. */
const SUMMARY_WORDS: Record<StepRecord["op"], [planned: string, done: string]> = {
  create: ["to create", "created"],
  update: ["to update", "updated"],
  replace: ["to replace", "replaced"],
  delete: ["to delete", "deleted"],
  same: ["unchanged", "unchanged"],
  import: ["to import", "imported"],
  refresh: ["unchanged", "unchanged"],
  "read-gone": ["deleted", "deleted"],
  read: ["to read", "read"],
  discard: ["to discard", "discarded"],
};

const MAX_VALUE_LENGTH = 100;

/** A property the CLI never displays: internal to the engine or the provider. */
function isInternalKey(key: string): boolean {
  return key.startsWith("__");
}

function symbolOf(step: StepRecord): string {
  switch (step.op) {
    case "create":
      return "+ ";
    case "update":
      return "~ ";
    case "replace":
      return "+-";
    case "delete":
      return step.replacedOriginal ? "--" : "- ";
    case "same":
    case "import":
      return "= ";
    case "refresh":
      return step.diff?.changes === "some" ? "~ " : "= ";
    case "read-gone":
      return "- ";
    case "read":
      return "> ";
    case "discard":
      return "< ";
  }
}

function detailsOf(step: StepRecord): string {
  const parts: string[] = [];
  const diff = step.diff;
  const shown = diff?.changedKeys.filter((key) => !isInternalKey(key)) ?? [];
  if (["update", "replace", "refresh", "import"].includes(step.op) && shown.length > 0) {
    parts.push(`diff: ${shown.map((key) => `~${key}`).join(", ")}`);
  }
  if (step.op === "replace" && diff) {
    parts.push(`replaces: ${diff.replaces.join(", ") || "(pending replacement)"}`);
  }
  if (step.replaceOrder) {
    parts.push(step.replaceOrder);
  }
  if (step.replacedOriginal) {
    parts.push("original of a replacement");
  }
  const ids = [step.previousId, step.id].filter((id) => id !== undefined && id !== "");
  if (step.op === "replace" && step.previousId && step.id) {
    parts.push(`id: ${step.previousId} -> ${step.id}`);
  } else if (ids.length > 0) {
    parts.push(`id: ${ids[ids.length - 1]}`);
  }
  if (step.planned) {
    parts.push("planned");
  }
  return parts.length > 0 ? `  [${parts.join("; ")}]` : "";
}

function formatValue(value: PropertyValue | undefined, secret: boolean): string {
  if (secret) {
    return "[secret]";
  }
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > MAX_VALUE_LENGTH ? `${text.slice(0, MAX_VALUE_LENGTH - 1)}…` : text;
}

function indent(text: string, prefix: string): string[] {
  return text.split("\n").map((line) => `${prefix}${line}`);
}

function renderOutputs(resources: ResourceOutputs[], preview: boolean): string[] {
  const lines: string[] = [];
  for (const res of resources) {
    const id = res.id || (preview ? "[unknown until created]" : "");
    lines.push(`    ${res.name}${id ? ` (${id})` : ""}`);
    const keys = Object.keys(res.outputs)
      .filter((key) => !isInternalKey(key))
      .sort();
    const width = Math.max(0, ...keys.map((key) => key.length));
    for (const key of keys) {
      lines.push(
        `        ${key.padEnd(width)}: ${formatValue(res.outputs[key], res.secretOutputs.includes(key))}`,
      );
    }
  }
  return lines;
}

/** Summary lines such as "+ 2 created", in order of first appearance. */
function summarize(steps: StepRecord[], preview: boolean): string[] {
  const counts = new Map<string, number>();
  for (const step of steps) {
    // The deferred delete of a replaced original belongs to its replace; failed steps did not happen.
    if (step.replacedOriginal || step.error !== undefined) {
      continue;
    }
    const symbol = symbolOf(step).trim() || "=";
    // A refresh that found drift updated the state from the provider.
    const word =
      step.op === "refresh" && symbol === "~" ? "updated" : SUMMARY_WORDS[step.op][preview ? 0 : 1];
    const label = `${symbol} ${word}`;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  if (counts.size === 0) {
    return ["    (no changes)"];
  }
  return [...counts].map(([label, count]) => {
    const [symbol, ...words] = label.split(" ");
    return `    ${symbol} ${count} ${words.join(" ")}`;
  });
}

/** What {@link render} includes. */
export interface RenderOptions {
  /** List each resource's outputs (default true). */
  outputs?: boolean;
}

/** A human-readable transcript of one operation. */
export function render(result: OperationResult, options: RenderOptions = {}): string {
  const preview = result.operation === "preview";
  const lines: string[] = [`${HEADINGS[result.operation]} (${result.stack}):`, ""];
  const typeWidth = Math.max(4, ...result.steps.map((s) => s.type.length));
  const nameWidth = Math.max(4, ...result.steps.map((s) => s.name.length));
  for (const step of result.steps) {
    lines.push(
      ` ${symbolOf(step)} ${step.type.padEnd(typeWidth)}  ${step.name.padEnd(nameWidth)}  ${step.op}${detailsOf(step)}`,
    );
    for (const log of step.logs) {
      lines.push(`      | ${log}`);
    }
    for (const warning of step.warnings) {
      lines.push(...indent(`warning: ${warning}`, "      "));
    }
    if (step.error) {
      lines.push(...indent(`error: ${step.error}`, "      "));
    }
    if (step.initErrors && step.initErrors.length > 0) {
      lines.push("      initialization errors:", ...step.initErrors.map((reason) => `        * ${reason}`));
    }
  }
  if (result.logs.length > 0) {
    lines.push("", "Provider output:", ...result.logs.map((log) => `    | ${log}`));
  }
  if (options.outputs !== false && result.outputs.length > 0 && result.operation !== "destroy") {
    lines.push("", preview ? "Planned outputs:" : "Outputs:", ...renderOutputs(result.outputs, preview));
  }
  lines.push("", "Resources:", ...summarize(result.steps, preview));
  const stepErrors = new Set(result.steps.map((s) => s.error).filter((e): e is string => e !== undefined));
  const otherErrors = result.errors.filter((error) => !stepErrors.has(error));
  if (otherErrors.length > 0) {
    lines.push("", "Diagnostics:", ...otherErrors.flatMap((error) => indent(`error: ${error}`, "    ")));
  }
  const failedSteps = result.steps.filter((s) => s.error !== undefined).length;
  lines.push(
    "",
    result.ok
      ? `${HEADINGS[result.operation]} succeeded.`
      : `${HEADINGS[result.operation]} failed: ${result.errors.length} error(s)` +
          (failedSteps > 0 ? `, ${failedSteps} failed step(s)` : "") +
          ".",
  );
  return lines.join("\n");
}
