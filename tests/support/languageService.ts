/**
 * Test support: what an editor shows. A TypeScript language service over a consumer program that
 * lives only in memory (next to the tests, so module resolution works as for a real file there),
 * with the repository's compiler options, and helpers that read hovers and diagnostics as text.
 */
import { dirname, join } from "node:path";
import * as ts from "typescript";

/** The repository's root directory. */
export const repoRoot = join(__dirname, "..", "..");

/** A program that uses the package, never written to disk. */
export interface VirtualConsumer {
  /** Absolute path the program is served at; a file there should not exist. */
  file: string;
  /** The program's text. */
  source: string;
}

/** What a hover shows, as text. */
export interface QuickInfoText {
  /** The signature line, such as `(property) appName: Input<string>`. */
  display: string;
  /** The TSDoc, whitespace collapsed (see {@link squash}). */
  documentation: string;
}

/** Compiler options from tsconfig.json, as the editor would use them. */
export function projectOptions(): ts.CompilerOptions {
  const configPath = join(repoRoot, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, repoRoot, undefined, configPath);
  // No build info: nothing here is written, and an editor does not use it either.
  return { ...parsed.options, incremental: false, tsBuildInfoFile: undefined };
}

/** A language service over a {@link VirtualConsumer}, with its questions asked about that program. */
export interface ConsumerService {
  /** The language service itself. */
  readonly service: ts.LanguageService;
  /** What hovering at `at` in the consumer program shows (both parts empty where nothing is). */
  quickInfo(at: number): QuickInfoText;
  /** What hovering over `word` inside the first occurrence of `context` shows (see {@link positionOf}). */
  hover(context: string, word: string): QuickInfoText;
  /** The semantic errors in the consumer program, as messages. */
  semanticDiagnostics(): string[];
  /** Releases the language service. */
  dispose(): void;
}

/**
 * A language service over `consumer`, compiled with `options` (by default tsconfig.json's, see
 * {@link projectOptions}; never emitting), with `extraFiles` (keyed by absolute path) served from
 * memory in front of the disk. Dispose of it when done.
 */
export function consumerLanguageService(
  consumer: VirtualConsumer,
  options: ts.CompilerOptions = projectOptions(),
  extraFiles: ReadonlyMap<string, string> = new Map(),
): ConsumerService {
  const files = new Map(extraFiles).set(consumer.file, consumer.source);
  const virtualDirs = new Set([...files.keys()].flatMap(ancestors));
  const readFile = (path: string) => files.get(path) ?? ts.sys.readFile(path);
  const service = ts.createLanguageService({
    getScriptFileNames: () => [consumer.file],
    getScriptVersion: () => "1",
    getScriptSnapshot: (path) => {
      const text = readFile(path);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => repoRoot,
    getCompilationSettings: () => ({ ...options, noEmit: true }),
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (path) => files.has(path) || ts.sys.fileExists(path),
    readFile,
    directoryExists: (path) => virtualDirs.has(path) || ts.sys.directoryExists(path),
    getDirectories: (path) => ts.sys.getDirectories(path),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
  });
  const quickInfo = (at: number): QuickInfoText => {
    const info = service.getQuickInfoAtPosition(consumer.file, at);
    return {
      display: ts.displayPartsToString(info?.displayParts),
      documentation: squash(ts.displayPartsToString(info?.documentation)),
    };
  };
  return {
    service,
    quickInfo,
    hover: (context, word) => quickInfo(positionOf(consumer.source, context, word)),
    semanticDiagnostics: () =>
      service
        .getSemanticDiagnostics(consumer.file)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    dispose: () => service.dispose(),
  };
}

/** The directories above `path`, nearest first, up to (not including) the root. */
function ancestors(path: string): string[] {
  const dirs: string[] = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    dirs.push(dir);
  }
  return dirs;
}

/**
 * Position of `word` inside the first occurrence of `context` in `source`; throws if either is
 * missing, so a hover is never taken at the wrong place.
 */
export function positionOf(source: string, context: string, word: string): number {
  const start = source.indexOf(context);
  const offset = context.indexOf(word);
  if (start < 0 || offset < 0) {
    throw new Error(`"${word}" in "${context}" is not in the consumer program`);
  }
  return start + offset;
}

/** `text` with every run of whitespace made one space, and trimmed. */
export function squash(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
