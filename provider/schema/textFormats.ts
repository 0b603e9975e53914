/**
 * Text SAE would refuse, refused at check: a container image reference (`ImageUrl`), an http(s)
 * URL (`PackageUrl`), and the cron schedule of a time trigger (`TriggerConfig.config`). Each is a
 * {@link TextFormat}: one rule sentence, which the failure and the README's parameter table show,
 * and a parser that says where a value breaks it.
 *
 * Each errs on the side of letting a value through where the SAE reference is silent: a value
 * SAE takes must never be refused here (the forms that must stay accepted are listed in
 * `tests/jobTemplate/check.test.ts`).
 */
import { isIP } from "node:net";
import { quoteUrl, quoteValue, type TextFormat } from "./shapes";

// ---- image references -----------------------------------------------------------------------

// The Docker/OCI reference grammar (github.com/distribution/reference, regexp.go):
//   reference := name [ ":" tag ] [ "@" digest ]
//   name      := [ domain "/" ] path-component [ "/" path-component ]*
//   domain    := host [ ":" port ]; host := domain-name | IPv4 | "[" IPv6 "]"

/** A path component: lower-case letters and digits, joined by `.`, `_`, `__` or runs of `-`. */
const pathComponent = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A tag: a word character, then up to 127 word characters, dots and dashes. */
const tagPattern = /^\w[\w.-]{0,127}$/;
/** One label of a registry host name. */
const domainComponent = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
/** Digests by algorithm, with the hex length each takes (go-digest's registered algorithms). */
const digestHexLength: Readonly<Record<string, number>> = { sha256: 64, sha384: 96, sha512: 128 };
/** Docker's limit on the length of a name (host and path, without tag or digest). */
const maxNameLength = 255;

/**
 * Where `value` breaks the image reference grammar, or `undefined` when it is a reference (or
 * `""`, which means "not set" here as everywhere). Its first component is the registry host when it holds a
 * `.` or a `:`, is `localhost`, or has an upper-case letter (as Docker decides it); otherwise the
 * reference is a Docker Hub one (`nginx:1.25`, `library/nginx`).
 */
export function imageReferenceProblem(value: string): string | undefined {
  if (value === "") {
    return undefined;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return "give it without a scheme such as https://";
  }
  if (/[\s\p{Cc}]/u.test(value)) {
    return "it must not contain spaces or control characters";
  }
  const at = value.indexOf("@");
  const named = at === -1 ? value : value.slice(0, at);
  if (at !== -1) {
    const digest = value.slice(at + 1);
    const colon = digest.indexOf(":");
    const length = colon === -1 ? undefined : digestHexLength[digest.slice(0, colon)];
    if (length === undefined || !new RegExp(`^[a-f0-9]{${length}}$`).test(digest.slice(colon + 1))) {
      return "the digest must be sha256: and 64 lower-case hex digits (or sha384:/sha512: and 96/128)";
    }
  }
  const colon = named.lastIndexOf(":");
  const hasTag = colon > named.lastIndexOf("/");
  const name = hasTag ? named.slice(0, colon) : named;
  if (hasTag && !tagPattern.test(named.slice(colon + 1))) {
    return 'the tag must be 1 to 128 letters, digits, "_", "." and "-", not starting with "." or "-"';
  }
  if (name.length > maxNameLength) {
    return `the name must be at most ${maxNameLength} characters (got ${name.length})`;
  }
  const components = name.split("/");
  const first = components[0];
  const hasHost =
    components.length > 1 && (/[.:]/.test(first) || first === "localhost" || first !== first.toLowerCase());
  if (hasHost && !isRegistryHost(first)) {
    return `the registry ${quoteValue(first)} must be a host name or IP address, with an optional :port`;
  }
  const path = hasHost ? components.slice(1) : components;
  const bad = path.find((component) => !pathComponent.test(component));
  if (bad === "") {
    return "its path must not have an empty component (a leading, trailing or double /)";
  }
  if (bad !== undefined) {
    return (
      `its path component ${quoteValue(bad)} must be lower-case letters and digits, ` +
      'separated by ".", "_", "__" or "-"'
    );
  }
  return undefined;
}

/** A registry host: a domain name, an IPv4 address or a bracketed IPv6 one, with an optional port. */
function isRegistryHost(text: string): boolean {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(text);
  if (!match) {
    return false;
  }
  const [, host, port] = match;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return false;
  }
  if (host.startsWith("[")) {
    return isIP(host.slice(1, -1)) === 6;
  }
  return host.split(".").every((label) => domainComponent.test(label));
}

/**
 * `ImageUrl`: a container image reference, as SAE pulls it: a registry host (Container Registry
 * personal `registry.cn-hangzhou.aliyuncs.com`, enterprise `<instance>-registry.cn-hangzhou.cr.aliyuncs.com`,
 * their `-vpc` forms, or any other, with an optional port), then the repository path, then an
 * optional tag and/or digest. Docker Hub references leave the host out (`nginx:1.25`).
 */
export const imageReference: TextFormat = {
  rule:
    "must be a container image reference, [host[:port]/]path[:tag][@sha256:digest] with the path " +
    "in lower case, such as registry.cn-hangzhou.aliyuncs.com/ns/repo:1.0",
  problem: imageReferenceProblem,
  // A URL given by mistake may carry a token in its query.
  quote: quoteUrl,
};

// ---- http(s) URLs ------------------------------------------------------------------------------

/**
 * `PackageUrl`: where SAE downloads the package from, an http:// or https:// URL with a host
 * (the reference's example is an OSS object URL). A signed URL's query is kept on the wire, but
 * never shown in a failure.
 */
export const httpUrl: TextFormat = {
  rule: "must be an http:// or https:// URL, such as https://bucket.oss-cn-hangzhou.aliyuncs.com/app.jar",
  problem: (value) => {
    // `""` means "not set", as the rules across parameters read it.
    if (value === "") {
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      return "it is not a URL";
    }
    // An http(s) URL without a host does not parse (`new URL("https://")` throws), so one that
    // parses names its host.
    return url.protocol === "http:" || url.protocol === "https:"
      ? undefined
      : `its scheme is ${url.protocol.slice(0, -1)}`;
  },
  quote: quoteUrl,
};

// ---- cron schedules ----------------------------------------------------------------------------

/** A field of a schedule: its name, its range, and the names it takes for values. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for values, upper-case (matched in any case), the first for `min`. */
  readonly names?: readonly string[];
  /** Takes `?`, "no particular value": the day fields (the reference's example has it in day of week). */
  readonly question?: boolean;
}

/**
 * The fields of a schedule, in order: minute, hour, day of month, month, day of week. Every
 * example in the SAE reference has these five (the one in {@link cronSchedule}'s rule), and none
 * shows another count. Day of week 7 is Sunday, as 0 is.
 */
const cronFields: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31, question: true },
  {
    name: "month",
    min: 1,
    max: 12,
    names: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  },
  {
    name: "day of week",
    min: 0,
    max: 7,
    names: ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"],
    question: true,
  },
];

/**
 * Where `value` breaks the five-field cron form, or `undefined` when it keeps it. Each field is
 * `*`, a value, a range `a-b`, any of those with a step `/n` (a value with a step starts there),
 * or a list of them joined by `,`; the day fields also take `?`. Months and days of the week may
 * be named (`JAN`, `MON`, any case). Fields are separated by spaces or tabs.
 *
 * Lenient where the reference is silent: a range may wrap (`FRI-MON`, `22-2`), and a step may be
 * larger than its field's range. Not taken, since neither the reference nor the Kubernetes form
 * shows them: a seconds or a year field, `@daily`-style macros, and Quartz's `L`, `W` and `#`.
 */
export function cronScheduleProblem(value: string): string | undefined {
  const fields = value.trim() === "" ? [] : value.trim().split(/[ \t]+/);
  if (fields.length !== cronFields.length) {
    return `it has ${fields.length} field${fields.length === 1 ? "" : "s"}`;
  }
  for (const [index, text] of fields.entries()) {
    const field = cronFields[index];
    for (const item of text.split(",")) {
      const problem = cronItemProblem(field, item);
      if (problem !== undefined) {
        return `${field.name} ${quoteValue(text)}: ${problem}`;
      }
    }
  }
  return undefined;
}

/** Where one item of a field's list breaks the form, or `undefined`. */
function cronItemProblem(field: CronField, item: string): string | undefined {
  if (item === "?") {
    return field.question ? undefined : '"?" is only for day of month and day of week';
  }
  const slash = item.indexOf("/");
  const base = slash === -1 ? item : item.slice(0, slash);
  if (slash !== -1) {
    const step = item.slice(slash + 1);
    if (!/^\d+$/.test(step) || Number(step) < 1) {
      return `the step ${quoteValue(step)} must be a whole number of at least 1`;
    }
  }
  if (base === "*") {
    return undefined;
  }
  const bounds = base.split("-");
  if (bounds.length > 2 || bounds.some((bound) => bound === "")) {
    return expected(field);
  }
  for (const bound of bounds) {
    const problem = cronValueProblem(field, bound);
    if (problem !== undefined) {
      return problem;
    }
  }
  return undefined;
}

/** Where one value (a number or a name) breaks the field's range, or `undefined`. */
function cronValueProblem(field: CronField, text: string): string | undefined {
  if (field.names?.includes(text.toUpperCase())) {
    return undefined;
  }
  if (!/^\d+$/.test(text)) {
    return expected(field);
  }
  const number = Number(text);
  return number < field.min || number > field.max
    ? `${number} is not in ${field.min}-${field.max}${namesText(field)}`
    : undefined;
}

function expected(field: CronField): string {
  const question = field.question ? ', "?"' : "";
  return (
    `each item must be "*"${question}, a value in ${field.min}-${field.max}${namesText(field)}, ` +
    'or a range "a-b", with an optional step "/n"'
  );
}

function namesText(field: CronField): string {
  const names = field.names;
  return names ? ` or ${names[0]}-${names[names.length - 1]}` : "";
}

/**
 * `TriggerConfig.config` of a time trigger: a cron schedule of five fields, as the SAE reference
 * shows it (CreateJob, UpdateJob and DescribeJob all give the example in the rule).
 */
export const cronSchedule: TextFormat = {
  rule:
    "must be a cron schedule of 5 fields, minute (0-59) hour (0-23) day-of-month (1-31) " +
    'month (1-12 or JAN-DEC) day-of-week (0-7 or SUN-SAT), such as "0 1 */1 * ?"',
  problem: cronScheduleProblem,
};
