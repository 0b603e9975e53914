/**
 * Just enough lexing to read a Python, Go or C# program without its toolchain: the source with its
 * comments and string contents blanked out ("masked", same length, so offsets stay true), the
 * string literals by offset, and bracket matching and top-level splitting over the masked text.
 * It is not a parser: the language readers look for known shapes (constructor calls, composite
 * literals, object initializers) and leave everything else as an expression they cannot type.
 */

/** A range of the source, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A string literal: `value` is its text, or undefined when it interpolates (f"", $"", `${}`). */
export interface StringLiteral extends Span {
  value?: string;
}

/** A program's source, masked, with its string literals by start offset. */
export interface Scanned {
  source: string;
  masked: string;
  strings: Map<number, StringLiteral>;
}

/** The languages `scan` reads. */
export type SourceLanguage = "python" | "go" | "csharp";

const escapes: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };

/** Blanks comments and string contents of `source`, recording each string literal. */
export function scan(source: string, language: SourceLanguage): Scanned {
  const masked = source.split("");
  const strings = new Map<number, StringLiteral>();
  const blank = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      if (masked[i] !== "\n") {
        masked[i] = " ";
      }
    }
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const rest = source.slice(i, i + 3);
    if ((language === "python" && c === "#") || (language !== "python" && rest.startsWith("//"))) {
      const end = source.indexOf("\n", i);
      blank(i, end === -1 ? source.length : end);
      i = end === -1 ? source.length : end;
    } else if (language !== "python" && rest.startsWith("/*")) {
      const close = source.indexOf("*/", i + 2);
      const end = close === -1 ? source.length : close + 2;
      blank(i, end);
      i = end;
    } else {
      const literal = stringAt(source, i, language);
      if (literal) {
        strings.set(literal.start, literal);
        blank(literal.start + 1, literal.end - 1);
        i = literal.end;
      } else {
        i++;
      }
    }
  }
  return { source, masked: masked.join(""), strings };
}

/** The string literal that starts at `i`, prefix included (f"", r'', $"", @""), if one does. */
function stringAt(source: string, i: number, language: SourceLanguage): StringLiteral | undefined {
  const prefix =
    language === "python"
      ? /^([rRbBuUfF]{0,2})("""|'''|"|')/.exec(source.slice(i, i + 5))
      : language === "csharp"
        ? /^(\$@|@\$|\$|@)?(")/.exec(source.slice(i, i + 3))
        : /^()("|`|')/.exec(source.slice(i, i + 1));
  if (!prefix) {
    return undefined;
  }
  const [whole, flags = "", quote] = prefix;
  // A prefix letter right after a word character is the end of a name, not a prefix.
  if (flags !== "" && i > 0 && /\w/.test(source[i - 1])) {
    return undefined;
  }
  const raw = /[rR@`]/.test(flags) || quote === "`";
  const interpolated = /[fF$]/.test(flags);
  let value = "";
  let j = i + whole.length;
  while (j < source.length) {
    if (source.startsWith(quote, j)) {
      if (language === "csharp" && raw && source[j + 1] === '"') {
        value += '"';
        j += 2;
        continue;
      }
      return { start: i, end: j + quote.length, value: interpolated ? undefined : value };
    }
    if (source[j] === "\\" && !raw) {
      value += escapes[source[j + 1]] ?? source[j + 1];
      j += 2;
    } else if (language === "csharp" && interpolated && source[j] === "{" && source[j + 1] !== "{") {
      j = holeEnd(source, j);
    } else {
      value += source[j];
      j++;
    }
  }
  return { start: i, end: source.length, value: interpolated ? undefined : value };
}

/** The offset after the C# interpolation hole that opens at `open`, whose code may hold strings of its own. */
function holeEnd(source: string, open: number): number {
  let depth = 0;
  let j = open;
  while (j < source.length) {
    const literal =
      source[j] === '"' || source[j] === "$" || source[j] === "@" ? stringAt(source, j, "csharp") : undefined;
    if (literal) {
      j = literal.end;
      continue;
    }
    if (source[j] === "{") {
      depth++;
    } else if (source[j] === "}" && --depth === 0) {
      return j + 1;
    }
    j++;
  }
  return source.length;
}

const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/** The offset of the bracket that closes the one at `open` in `masked`. */
export function closing(masked: string, open: number): number {
  const stack: string[] = [];
  for (let i = open; i < masked.length; i++) {
    const c = masked[i];
    if (pairs[c]) {
      stack.push(pairs[c]);
    } else if (c === ")" || c === "]" || c === "}") {
      if (stack.pop() !== c) {
        throw new Error(`unbalanced ${c} at offset ${i}`);
      }
      if (stack.length === 0) {
        return i;
      }
    }
  }
  throw new Error(`no closing bracket for the one at offset ${open}`);
}

/** `span` without the blanks (and masked comments) at either end. */
export function trim(masked: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(masked[start])) {
    start++;
  }
  while (end > start && /\s/.test(masked[end - 1])) {
    end--;
  }
  return { start, end };
}

/** The offsets in `span` that are outside every bracket pair (depth 0), brackets themselves excluded. */
function* topLevelOffsets(masked: string, span: Span): Generator<number> {
  let depth = 0;
  for (let i = span.start; i < span.end; i++) {
    const c = masked[i];
    if (pairs[c]) {
      depth++;
    } else if (c === ")" || c === "]" || c === "}") {
      depth--;
    } else if (depth === 0) {
      yield i;
    }
  }
}

/** The parts of `span` between top-level `separator`s, trimmed, empty ones left out. */
export function splitTopLevel(masked: string, span: Span, separator = ","): Span[] {
  const parts: Span[] = [];
  let from = span.start;
  for (const i of topLevelOffsets(masked, span)) {
    if (i >= from && masked.startsWith(separator, i)) {
      parts.push(trim(masked, { start: from, end: i }));
      from = i + separator.length;
    }
  }
  parts.push(trim(masked, { start: from, end: span.end }));
  return parts.filter((part) => part.end > part.start);
}

/** The offset of the first top-level match of `pattern` in `span` (depth 0), or -1. */
export function topLevelIndex(masked: string, span: Span, pattern: RegExp): number {
  for (const i of topLevelOffsets(masked, span)) {
    if (pattern.test(masked.slice(i, span.end))) {
      return i;
    }
  }
  return -1;
}

/** The 1-based line of `offset` in `source`. */
export function lineOf(source: string, offset: number): number {
  return source.slice(0, offset).split("\n").length;
}
