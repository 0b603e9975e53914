/**
 * Renders the README's parameter table (what each input maps to, whether it can change in
 * place, what UpdateJob is sent when it is removed, and the text rules check applies, in the
 * words of its failures) from the parameter table, so the README cannot drift from the code.
 * `npm run docs:parameters` prints it; a test checks the README.
 */
import { parameterList } from "../provider/schema/jobTemplateParameters";
import { textRules } from "../provider/schema/shapes";

/** The Markdown table, one row per parameter. */
export function renderParameterTable(): string {
  const rows = parameterList.map((spec) => {
    const change = spec.createOnly
      ? "replaces"
      : spec.appliedBy
        ? `in place (${spec.appliedBy})`
        : "in place";
    // Tags are not UpdateJob parameters: removing them is an operation of its own.
    const tagging = spec.appliedBy === "TagResources";
    const removal = spec.computed
      ? "nothing (SAE keeps its value)"
      : spec.createOnly
        ? "replaces"
        : tagging
          ? "UntagResources"
          : `\`${spec.clearWith === "" ? '""' : spec.clearWith}\``;
    const notes = [
      spec.required ? "required" : "",
      spec.secret ? "secret" : "",
      spec.default !== undefined ? `default \`${String(spec.default)}\`` : "",
      spec.updateOnly ? "set by UpdateJob after CreateJob" : "",
      tagging ? "merged with `sae:defaultTags` and read back as `tagsAll`" : "",
      spec.notDescribed && !tagging ? "not reported by DescribeJob" : "",
      // A rule on a field inside the value names the field as its failure does.
      ...textRules(spec.shape).map(({ path, when, rule }) =>
        path === ""
          ? markdownText(rule)
          : `\`${spec.name}${path}\`${when ? ` when ${when}` : ""}: ${markdownText(rule)}`,
      ),
    ].filter(Boolean);
    return `| \`${spec.name}\` | ${spec.api} | ${change} | ${removal} | ${notes.join(", ")} |`;
  });
  return [
    "| Input | API parameter | A change | Removing it sends | Notes |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/** Text as Markdown shows it as written: `<region>` would otherwise read as an HTML tag. */
function markdownText(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

if (require.main === module) {
  console.log(renderParameterTable());
}
