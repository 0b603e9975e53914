/**
 * Renders the README's parameter table (what each input maps to, whether it can change in
 * place, and what UpdateJob is sent when it is removed) from the parameter table, so the README
 * cannot drift from the code. `npm run docs:parameters` prints it; a test checks the README.
 */
import { parameterList } from "../provider/schema/jobTemplateParameters";

/** The Markdown table, one row per parameter. */
export function renderParameterTable(): string {
  const rows = parameterList.map((spec) => {
    const change = spec.createOnly
      ? "replaces"
      : spec.appliedBy
        ? `in place (${spec.appliedBy})`
        : "in place";
    const removal = spec.computed
      ? "nothing (SAE keeps its value)"
      : spec.createOnly
        ? "replaces"
        : `\`${spec.clearWith === "" ? '""' : spec.clearWith}\``;
    const notes = [
      spec.required ? "required" : "",
      spec.secret ? "secret" : "",
      spec.default !== undefined ? `default \`${String(spec.default)}\`` : "",
      spec.updateOnly ? "set by UpdateJob after CreateJob" : "",
      spec.notDescribed ? "not reported by DescribeJob" : "",
    ].filter(Boolean);
    return `| \`${spec.name}\` | ${spec.api} | ${change} | ${removal} | ${notes.join(", ")} |`;
  });
  return [
    "| Input | API parameter | A change | Removing it sends | Notes |",
    "| --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

if (require.main === module) {
  console.log(renderParameterTable());
}
