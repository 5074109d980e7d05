/**
 * The command line of `npm start` and `npm run check-stack` (scripts/cli.ts runs them): the
 * options each takes, their usage and help texts, and reading the arguments into `CliOptions`.
 */
export type Command = "start" | "check-stack";

export interface CliOptions {
  /** The program's folder as given; none: the sample (npm start). */
  readonly dir?: string;
  readonly stack: string;
  readonly preview: boolean;
  /** Print the plan (always, for npm start). */
  readonly plan: boolean;
  readonly policyConfig?: string;
  /** --world files as given. */
  readonly worlds: readonly string[];
  readonly format: "text" | "json" | "mermaid";
  readonly help: boolean;
}

export const USAGE: Readonly<Record<Command, string>> = {
  start:
    "usage: npm start -- [DIR] [--stack NAME] [--preview] [--policy-config FILE] [--world FILE]... [--json | --mermaid]",
  "check-stack":
    "usage: npm run check-stack -- DIR [--stack NAME] [--preview] [--plan] [--policy-config FILE] [--world FILE]... [--json]",
};

const OPTIONS_HELP = [
  "  --stack NAME          the stack whose config is read: DIR/Pulumi.NAME.yaml (default dev)",
  "  --preview             as a first pulumi preview: values of resources not created yet are",
  "                        unknown, and pre-flight is skipped",
  "  --policy-config FILE  the policy pack's config, as pulumi's --policy-pack-config",
  "  --world FILE          what already exists in the account: the AWS CLI's describe-vpcs,",
  "                        describe-subnets, ... output (JSON); repeat it for several files",
];

const EXIT_CODES = [
  "Exit codes: 0 nothing fails; 1 the program fails, or pulumi up would (a pre-flight error, or a",
  "mandatory policy with the policy pack); 2 bad usage, a bad input file (named), or a program the",
  "offline runtime cannot run. Relative paths are read from the folder you run the command in.",
  "Nothing is sent to AWS. More: docs/checks.md.",
];

export const HELP: Readonly<Record<Command, string>> = {
  start: [
    USAGE.start,
    "",
    "Prints the offline plan: what pulumi up would create (resources by component and zone,",
    "routes, endpoints, functions, cost per component, Hyperplane ENIs, outputs, destroy order),",
    "what is assumed, pre-flight and the policy pack's findings.",
    "",
    "  DIR                   a Pulumi TypeScript program's folder (default: the sample stack,",
    "                        checked with policy/sample-config.json)",
    ...OPTIONS_HELP,
    "  --json                the plan as JSON",
    "  --mermaid             a diagram of the topology",
    "  -h, --help            this text",
    "",
    ...EXIT_CODES,
  ].join("\n"),
  "check-stack": [
    USAGE["check-stack"],
    "",
    "Runs the Pulumi TypeScript program in DIR on the offline runtime, as pulumi up would, and",
    "prints what the policy pack and pre-flight (what AWS would refuse) find.",
    "",
    "  DIR                   the program's folder (the one with Pulumi.yaml)",
    ...OPTIONS_HELP,
    "  --plan                print the whole plan, as npm start -- DIR does",
    "  --json                the findings (with --plan, the plan) as JSON",
    "  -h, --help            this text",
    "",
    ...EXIT_CODES,
  ].join("\n"),
};

/** Bad usage: exit 2 with the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

const VALUE_OPTIONS = ["--stack", "--policy-config", "--world"] as const;

export function parseArgs(command: Command, argv: readonly string[]): CliOptions {
  let dir: string | undefined;
  let stack = "dev";
  let policyConfig: string | undefined;
  const worlds: string[] = [];
  let preview = false;
  let plan = command === "start";
  let format: CliOptions["format"] = "text";
  let help = false;
  const formats = command === "start" ? ["--json", "--mermaid"] : ["--json"];
  for (let i = 0; i < argv.length; i++) {
    // --stack=prod as well as --stack prod.
    const [arg, inline] = argv[i].startsWith("--") ? splitOnce(argv[i]) : [argv[i], undefined];
    if ((VALUE_OPTIONS as readonly string[]).includes(arg)) {
      const value = inline ?? argv[i + 1];
      if (value === undefined || value === "" || (inline === undefined && value.startsWith("-"))) {
        throw new UsageError(`${arg} needs a value`);
      }
      if (inline === undefined) i++;
      if (arg === "--stack") stack = value;
      else if (arg === "--policy-config") policyConfig = value;
      else worlds.push(value);
    } else if (arg === "-h" || arg === "--help") {
      help = true;
    } else if (arg === "--preview") {
      preview = true;
    } else if (arg === "--plan" && command === "check-stack") {
      plan = true;
    } else if (formats.includes(arg)) {
      if (format !== "text") throw new UsageError(`choose one of ${formats.join(" and ")}`);
      format = arg === "--json" ? "json" : "mermaid";
    } else if (!arg.startsWith("-") && dir === undefined) {
      dir = arg;
    } else if (!arg.startsWith("-")) {
      throw new UsageError(`one program folder at a time: ${dir} and ${arg}`);
    } else {
      throw new UsageError(`unknown argument ${arg}`);
    }
  }
  if (dir === undefined && command === "check-stack" && !help) {
    throw new UsageError("name the program's folder (the one with Pulumi.yaml)");
  }
  return { dir, stack, preview, plan, policyConfig, worlds, format, help };
}

function splitOnce(arg: string): [string, string | undefined] {
  const at = arg.indexOf("=");
  return at < 0 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}
