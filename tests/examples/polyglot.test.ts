/**
 * The Python, Go, C# and YAML examples against the package schema (schema.json), read as text:
 * no toolchain, no SDK generated, nothing run. What is checked, by language:
 *
 * - YAML, fully: every resource's `type` is a token of the package; every property is an input
 *   of it, of its type (string, integer, number, boolean, list, map, an object type's properties
 *   recursively, a oneOf by its discriminator, enum values); required inputs are present;
 *   `fn::invoke` (and `fn::<token>:`) names a function of the package, with valid arguments;
 *   every `${…}` names a resource, variable, declared config key or `pulumi`, and a resource's
 *   first property in it is one of its outputs (outputs included). Not checked: the types of
 *   variables and interpolated values, resource options, the other builtins' arguments.
 * - Python, Go and C#, through small readers (bracket matching over the source, not a parser):
 *   the import of the SDK is the schema's (`import pulumi_sae`, the Go import path, the C#
 *   namespace `<rootNamespace>.Sae`); each resource constructor and function call of the SDK
 *   (`sae.JobTemplate(…)`, `sae.NewJobTemplate(ctx, …)`, `new Sae.JobTemplate(…)`, `get_job_template`,
 *   `LookupJobTemplate`, `GetJobTemplate.Invoke`) names a member of the schema, as the SDK
 *   generators name them; its arguments, and the fields a Go or C# program assigns later to the
 *   args variable it passes, are inputs of it (snake_case or PascalCase mapped back), required
 *   inputs are present, nested input classes (`EnvVarArgs`, Go's `EnvVarArray`) are the property's
 *   type, enum constants are the SDK's for that enum and string literals are allowed values, and
 *   literals have the property's type (a string literal or `pulumi.String` for an integer is an
 *   error); the outputs read from a resource variable (`nightly.app_id`) exist. Not checked: what
 *   a variable, a call or an output holds (only literals and the SDK's own classes and
 *   constants are typed), dict keys' types beyond the schema's names, resource options, and
 *   anything the readers do not recognise (for instance an args object built in a helper).
 *
 * Each problem is one line naming the file and line, the resource or call, the property path and
 * the rule; the cases below break the examples on purpose to show the checks fail.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { findRepoRoot } from "../../harness/providerHost";
import { type CheckedLanguage, checkProgram, type PackageSchema } from "./schemaCheck";

const root = findRepoRoot();
const schema = JSON.parse(readFileSync(join(root, "schema.json"), "utf8")) as PackageSchema;
const programFile: Record<CheckedLanguage, string> = {
  python: "__main__.py",
  go: "main.go",
  csharp: "Program.cs",
  yaml: "Pulumi.yaml",
};

/** The checked resources and calls of each example, as its problems would name them. */
const examples: { name: string; language: CheckedLanguage; checked: string[] }[] = [];
for (const language of ["python", "go", "csharp"] as const) {
  examples.push(
    {
      name: `scheduled-image-job-${language}`,
      language,
      checked: ['JobTemplate "nightly-report" (sae:index:JobTemplate)'],
    },
    {
      name: `migration-job-${language}`,
      language,
      checked: [
        'JobTemplate "db-migrate" (sae:index:JobTemplate)',
        'JobRun "db-migrate-run" (sae:index:JobRun)',
      ],
    },
  );
}
examples.push(
  {
    name: "scheduled-image-job-yaml",
    language: "yaml",
    checked: ["resources.nightly (sae:index:JobTemplate)"],
  },
  {
    name: "migration-job-yaml",
    language: "yaml",
    checked: ["resources.migrate (sae:index:JobTemplate)", "resources.migration (sae:index:JobRun)"],
  },
);

function source(example: string, language: CheckedLanguage): { file: string; text: string } {
  const file = `examples/${example}/${programFile[language]}`;
  return { file, text: readFileSync(join(root, file), "utf8") };
}

describe.each(examples)("examples/$name", ({ name, language, checked }) => {
  it("uses the package as its schema says: tokens, properties and their types, required inputs, enums", () => {
    const { file, text } = source(name, language);
    expect(checkProgram(file, text, language, schema)).toEqual({ problems: [], checked });
  });
});

/**
 * A mistake made in an example: `from` replaced by `to`, and the problems it must give, each as
 * the text after `file:line: ` and the text of the line it is on (YAML problems carry no line).
 */
interface Mistake {
  what: string;
  example: string;
  language: CheckedLanguage;
  from: string;
  to: string;
  problems: [onLine: string, text: string][];
}

const sched = "scheduled-image-job";
const migration = "migration-job";
const template = (name: string) => `JobTemplate "${name}" (sae:index:JobTemplate)`;

const mistakes: Mistake[] = [
  // Python
  {
    what: "an unknown property",
    example: `${sched}-python`,
    language: "python",
    from: "app_description=",
    to: "app_descripton=",
    problems: [
      ["app_descripton=", `${template("nightly-report")}: app_descripton: is not an input of JobTemplate`],
    ],
  },
  {
    what: "a required input left out",
    example: `${sched}-python`,
    language: "python",
    from: "    replicas=1,\n",
    to: "",
    problems: [
      [
        "nightly = sae.JobTemplate(",
        `${template("nightly-report")}: replicas: is required by JobTemplate and missing`,
      ],
    ],
  },
  {
    what: "an enum constant the SDK does not have",
    example: `${sched}-python`,
    language: "python",
    from: "sae.EnvVarValueFrom.CONFIG_MAP_REF",
    to: "sae.EnvVarValueFrom.CONFIGMAP_REF",
    problems: [
      [
        "CONFIGMAP_REF",
        `${template("nightly-report")}: envs[1].value_from: must be a constant of EnvVarValueFrom (EnvVarValueFrom.CONFIG_MAP_REF), not EnvVarValueFrom.CONFIGMAP_REF`,
      ],
    ],
  },
  {
    what: "a string that is no enum value",
    example: `${migration}-python`,
    language: "python",
    from: "concurrency_policy=sae.ConcurrencyPolicy.FORBID",
    to: 'concurrency_policy="forbid"',
    problems: [
      [
        'concurrency_policy="forbid"',
        `${template("db-migrate")}: concurrency_policy: must be one of "Forbid", "Allow", "Replace", not "forbid"`,
      ],
    ],
  },
  {
    what: "a string literal for an integer",
    example: `${sched}-python`,
    language: "python",
    from: "cpu=1000",
    to: 'cpu="1000"',
    problems: [
      ['cpu="1000"', `${template("nightly-report")}: cpu: must be an integer, not the string "1000"`],
    ],
  },
  {
    what: "the wrong input class, in one branch of a conditional",
    example: `${sched}-python`,
    language: "python",
    from: 'sae.SlsConfigArgs(log_dir="/var',
    to: 'sae.MountDescArgs(log_dir="/var',
    problems: [
      [
        "sae.MountDescArgs(",
        `${template("nightly-report")}: sls_configs[1]: must be SlsConfigArgs, not a MountDescArgs`,
      ],
    ],
  },
  {
    what: "another SDK package imported, a function's bad arguments, an unknown function",
    example: `${migration}-python`,
    language: "python",
    from: "import pulumi_sae as sae\n",
    to: 'import pulumi_sae as sae\nimport pulumi_sae_job\nruns = sae.list_job_runs(state="done", limit="5")\nsae.get_job_templates(app_name="x")\n',
    problems: [
      [
        "import pulumi_sae_job",
        "program: imports pulumi_sae_job, but the schema's Python package is pulumi_sae",
      ],
      ["runs = ", "list_job_runs (sae:index:listJobRuns): app_id: is required by listJobRuns and missing"],
      [
        "runs = ",
        'list_job_runs (sae:index:listJobRuns): state: must be one of "pending", "running", "succeeded", "failed", not "done"',
      ],
      ["runs = ", 'list_job_runs (sae:index:listJobRuns): limit: must be an integer, not the string "5"'],
      ["sae.get_job_templates(", "get_job_templates: is not a resource or function of the sae package"],
    ],
  },
  {
    what: "an output the resource does not have",
    example: `${migration}-python`,
    language: "python",
    from: "migration.state",
    to: "migration.status",
    problems: [["migration.status", "migration.status: is not an output of sae:index:JobRun"]],
  },
  // Go
  {
    what: "an unknown field, also one assigned to the args variable later",
    example: `${sched}-go`,
    language: "go",
    from: "args.NasId =",
    to: "args.NasID =",
    problems: [["args.NasID", `${template("nightly-report")}: NasID: is not an input of JobTemplate`]],
  },
  {
    what: "a required input left out",
    example: `${migration}-go`,
    language: "go",
    from: "\t\t\tReplicas:       pulumi.Int(1),\n",
    to: "",
    problems: [
      [
        "&sae.JobTemplateArgs{",
        `${template("db-migrate")}: Replicas: is required by JobTemplate and missing`,
      ],
    ],
  },
  {
    what: "an enum constant the SDK does not have",
    example: `${sched}-go`,
    language: "go",
    from: "sae.ConcurrencyPolicyForbid",
    to: "sae.ConcurrencyPolicyForbidden",
    problems: [
      [
        "ConcurrencyPolicyForbidden",
        `${template("nightly-report")}: ConcurrencyPolicy: must be a constant of ConcurrencyPolicy (ConcurrencyPolicyForbid, ConcurrencyPolicyAllow, ConcurrencyPolicyReplace), not ConcurrencyPolicyForbidden`,
      ],
    ],
  },
  {
    what: "pulumi.String for an integer",
    example: `${sched}-go`,
    language: "go",
    from: "Cpu:            pulumi.Int(1000)",
    to: 'Cpu:            pulumi.String("1000")',
    problems: [
      ['pulumi.String("1000")', `${template("nightly-report")}: Cpu: must be an integer, not a string`],
    ],
  },
  {
    what: "the wrong array type",
    example: `${sched}-go`,
    language: "go",
    from: "args.SlsConfigs = sae.SlsConfigArray{",
    to: "args.SlsConfigs = sae.MountDescArray{",
    problems: [
      [
        "sae.MountDescArray{",
        `${template("nightly-report")}: SlsConfigs: must be a SlsConfigArray, not a MountDescArray`,
      ],
    ],
  },
  {
    what: "another import path of the SDK",
    example: `${migration}-go`,
    language: "go",
    from: '"example.com/pulumi-sae/sdk/go/sae"\n',
    to: '"example.com/pulumi-sae/sdk/go/sae"\n\tsaev2 "example.com/pulumi-sae/sdk/go/v2/sae"\n',
    problems: [
      [
        "saev2",
        'program: imports "example.com/pulumi-sae/sdk/go/v2/sae", but the schema\'s Go import path is "example.com/pulumi-sae/sdk/go/sae"',
      ],
    ],
  },
  {
    what: "the wrong args struct, and a lookup's arguments",
    example: `${migration}-go`,
    language: "go",
    from: 'migration, err := sae.NewJobRun(ctx, "db-migrate-run", &sae.JobRunArgs{',
    to: 'tmpl, err := sae.LookupJobTemplate(ctx, &sae.LookupJobTemplateArgs{AppName: pulumi.StringRef("x"), Limit: pulumi.IntRef(2)})\n\t\tctx.Export("image", tmpl.ImageUrl)\n\t\tmigration, err := sae.NewJobRun(ctx, "db-migrate-run", &sae.JobTemplateArgs{',
    problems: [
      [
        "LookupJobTemplate",
        "LookupJobTemplate (sae:index:getJobTemplate): Limit: is not an input of getJobTemplate",
      ],
      ["sae.NewJobRun(", 'JobRun "db-migrate-run" (sae:index:JobRun): takes JobRunArgs, not JobTemplateArgs'],
    ],
  },
  // C#
  {
    what: "an unknown property",
    example: `${sched}-csharp`,
    language: "csharp",
    from: "AppDescription =",
    to: "AppDescripton =",
    problems: [
      ["AppDescripton =", `${template("nightly-report")}: AppDescripton: is not an input of JobTemplate`],
    ],
  },
  {
    what: "a required input left out",
    example: `${migration}-csharp`,
    language: "csharp",
    from: "        Replicas = 1,\n",
    to: "",
    problems: [
      [
        "new Sae.JobTemplateArgs",
        `${template("db-migrate")}: Replicas: is required by JobTemplate and missing`,
      ],
    ],
  },
  {
    what: "an enum constant the SDK does not have",
    example: `${sched}-csharp`,
    language: "csharp",
    from: "Sae.EnvVarValueFrom.ConfigMapRef",
    to: "Sae.EnvVarValueFrom.ConfigMapReference",
    problems: [
      [
        "ConfigMapReference",
        `${template("nightly-report")}: Envs[1].ValueFrom: must be a constant of EnvVarValueFrom (EnvVarValueFrom.ConfigMapRef), not EnvVarValueFrom.ConfigMapReference`,
      ],
    ],
  },
  {
    what: "a string literal for an integer",
    example: `${sched}-csharp`,
    language: "csharp",
    from: "Cpu = 1000",
    to: 'Cpu = "1000"',
    problems: [
      ['Cpu = "1000"', `${template("nightly-report")}: Cpu: must be an integer, not the string "1000"`],
    ],
  },
  {
    what: "an input class that is none of a union's",
    example: `${sched}-csharp`,
    language: "csharp",
    from: "TriggerConfig = new Sae.Inputs.TimeTriggerConfigArgs",
    to: "TriggerConfig = new Sae.Inputs.EnvVarArgs",
    problems: [
      [
        "TriggerConfig =",
        `${template("nightly-report")}: TriggerConfig: must be Inputs.TimeTriggerConfigArgs or Inputs.HttpTriggerConfigArgs, not an Inputs.EnvVarArgs`,
      ],
    ],
  },
  {
    what: "another namespace of the SDK",
    example: `${migration}-csharp`,
    language: "csharp",
    from: "using PulumiSae;\n",
    to: "using PulumiSae;\nusing Pulumi.Sae;\n",
    problems: [
      ["using Pulumi.Sae;", "program: uses the namespace Pulumi.Sae, but the SDK's is PulumiSae.Sae"],
    ],
  },
  {
    what: "a function's arguments",
    example: `${migration}-csharp`,
    language: "csharp",
    from: "    var migration = new Sae.JobRun(",
    to: "    var runs = await Sae.ListJobRuns.InvokeAsync(new Sae.ListJobRunsArgs { State = Sae.RunState.Done });\n    var migration = new Sae.JobRun(",
    problems: [
      [
        "var runs",
        "ListJobRuns.InvokeAsync (sae:index:listJobRuns): AppId: is required by listJobRuns and missing",
      ],
      [
        "var runs",
        "ListJobRuns.InvokeAsync (sae:index:listJobRuns): State: must be a constant of RunState (RunState.Pending, RunState.Running, RunState.Succeeded, RunState.Failed), not RunState.Done",
      ],
    ],
  },
  // YAML
  {
    what: "a string for an integer, an unknown property",
    example: `${sched}-yaml`,
    language: "yaml",
    from: "      replicas: 1\n",
    to: '      replicas: "1"\n      concurency: Forbid\n',
    problems: [
      ["", 'resources.nightly: replicas: must be an integer, not the string "1"'],
      ["", "resources.nightly: concurency: is not an input of sae:index:JobTemplate"],
    ],
  },
  {
    what: "a union's tag that names none of its types",
    example: `${sched}-yaml`,
    language: "yaml",
    from: "        type: time\n",
    to: "        type: cron\n",
    problems: [["", 'resources.nightly: triggerConfig.type: must be one of "time", "http", not "cron"']],
  },
  {
    what: "an enum value the schema does not allow",
    example: `${migration}-yaml`,
    language: "yaml",
    from: "concurrencyPolicy: Forbid",
    to: "concurrencyPolicy: forbid",
    problems: [
      ["", 'resources.migrate: concurrencyPolicy: must be one of "Forbid", "Allow", "Replace", not "forbid"'],
    ],
  },
  {
    what: "a required input left out",
    example: `${migration}-yaml`,
    language: "yaml",
    from: "      appId: ${migrate.appId}\n",
    to: "",
    problems: [["", "resources.migration: appId: is required by sae:index:JobRun and missing"]],
  },
  {
    what: "interpolations of an unknown config key and an unknown output",
    example: `${sched}-yaml`,
    language: "yaml",
    from: "sales-report:${imageTag}",
    to: "sales-report:${imageTags}",
    problems: [
      [
        "",
        "resources.nightly: properties.imageUrl: refers to ${imageTags}, which is no resource, variable or config key",
      ],
    ],
  },
  {
    what: "an output the resource does not have",
    example: `${migration}-yaml`,
    language: "yaml",
    from: "${migration.state}",
    to: "${migration.status}",
    problems: [
      [
        "",
        "outputs.migrationState: refers to ${migration.status}, but sae:index:JobRun has no output status",
      ],
    ],
  },
  {
    what: "an unknown resource type",
    example: `${sched}-yaml`,
    language: "yaml",
    from: "type: sae:index:JobTemplate",
    to: "type: sae:index:JobTemplates",
    problems: [["", "resources.nightly: type: sae:index:JobTemplates is not a resource of the sae package"]],
  },
  {
    what: "fn::invoke of an unknown function, and bad arguments",
    example: `${migration}-yaml`,
    language: "yaml",
    from: "resources:\n",
    to: "variables:\n  runs:\n    fn::invoke:\n      function: sae:index:listJobRuns\n      arguments:\n        state: done\n  template:\n    fn::sae:index:getJobTemplates:\n      appName: x\nresources:\n",
    problems: [
      [
        "",
        'variables.runs (fn::invoke sae:index:listJobRuns): state: must be one of "pending", "running", "succeeded", "failed", not "done"',
      ],
      [
        "",
        "variables.runs (fn::invoke sae:index:listJobRuns): appId: is required by sae:index:listJobRuns and missing",
      ],
      [
        "",
        "variables.template (fn::invoke sae:index:getJobTemplates): calls sae:index:getJobTemplates, which is not a function of the sae package",
      ],
    ],
  },
];

describe.each(mistakes)("a broken $example: $what", ({ example, language, from, to, problems }) => {
  it("is refused, naming the file, the line, the property path and the rule", () => {
    const { file, text } = source(example, language);
    expect(text).toContain(from);
    const broken = text.replace(from, to);
    const lineOf = (onLine: string) => broken.split("\n").findIndex((line) => line.includes(onLine)) + 1;
    const expected = problems.map(([onLine, rule]) =>
      onLine === "" ? `${file}: ${rule}` : `${file}:${lineOf(onLine)}: ${rule}`,
    );
    expect(checkProgram(file, broken, language, schema).problems).toEqual(expected);
  });
});

describe("valid lookups", () => {
  it.each([
    [
      "python",
      `${migration}-python`,
      "import pulumi_sae as sae\n",
      'import pulumi_sae as sae\nt = sae.get_job_template_output(app_name="x")\nr = sae.list_job_runs(app_id="a", state=sae.RunState.FAILED, limit=5)\n',
      ["get_job_template_output (sae:index:getJobTemplate)", "list_job_runs (sae:index:listJobRuns)"],
    ],
    [
      "go",
      `${migration}-go`,
      '\t\tcfg := config.New(ctx, "")\n',
      '\t\tcfg := config.New(ctx, "")\n\t\t_, err := sae.ListJobRuns(ctx, &sae.ListJobRunsArgs{AppId: "a", Limit: pulumi.IntRef(5)})\n\t\tt := sae.LookupJobTemplateOutput(ctx, sae.LookupJobTemplateOutputArgs{AppName: pulumi.String("x")})\n',
      ["ListJobRuns (sae:index:listJobRuns)", "LookupJobTemplateOutput (sae:index:getJobTemplate)"],
    ],
    [
      "csharp",
      `${migration}-csharp`,
      "    var config = new Config();\n",
      '    var config = new Config();\n    var t = Sae.GetJobTemplate.Invoke(new() { AppName = "x" });\n    var r = await Sae.ListJobRuns.InvokeAsync(new Sae.ListJobRunsArgs { AppId = "a", State = Sae.RunState.Failed, Limit = 5 });\n',
      ["GetJobTemplate.Invoke (sae:index:getJobTemplate)", "ListJobRuns.InvokeAsync (sae:index:listJobRuns)"],
    ],
    [
      "yaml",
      `${migration}-yaml`,
      "resources:\n",
      "variables:\n  runs:\n    fn::invoke:\n      function: sae:index:listJobRuns\n      arguments: { appId: a, state: failed, limit: 5 }\nresources:\n",
      ["variables.runs (fn::invoke sae:index:listJobRuns)"],
    ],
  ] as [CheckedLanguage, string, string, string, string[]][])(
    "%s: pass, and are checked",
    (language, example, from, to, calls) => {
      const { file, text } = source(example, language);
      expect(text).toContain(from);
      const result = checkProgram(file, text.replace(from, to), language, schema);
      expect(result.problems).toEqual([]);
      expect(result.checked).toEqual(expect.arrayContaining(calls));
    },
  );
});
