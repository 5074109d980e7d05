import * as assert from "assert";
import {
  didYouMean,
  editDistance,
  isKnownServiceName,
  KNOWN_SERVICE_NAMES,
  nearestServiceNames,
} from "../../components/lib/serviceNames";
import { GATEWAY_SERVICES } from "../../components/lib/endpoints";

describe("lib/serviceNames", () => {
  it("lists AWS's endpoint service short names once each, sorted, in the form an entry takes", () => {
    assert.deepStrictEqual([...KNOWN_SERVICE_NAMES].sort(), KNOWN_SERVICE_NAMES);
    assert.strictEqual(new Set(KNOWN_SERVICE_NAMES).size, KNOWN_SERVICE_NAMES.length);
    const notShort = KNOWN_SERVICE_NAMES.filter((n) => !/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(n));
    assert.deepStrictEqual(notShort, []);
    for (const name of [
      ...GATEWAY_SERVICES,
      "secretsmanager",
      "ssmmessages",
      "ecr.api",
      "ecr.dkr",
      "execute-api",
      "lambda",
      "logs",
      "sts",
      "kms",
      "s3express",
    ]) {
      assert.ok(isKnownServiceName(name), name);
    }
    // Services named without the region, or under another prefix, cannot be an entry's name.
    for (const name of ["iam", "s3-global.accesspoint", "qbusiness", "notebook"]) {
      assert.ok(!isKnownServiceName(name), name);
    }
  });

  const distances: [string, string, number][] = [
    ["", "sqs", 3],
    ["sqs", "sqs", 0],
    ["kitten", "sitting", 3],
    // A swap of neighbours is one slip, not two substitutions.
    ["secertsmanager", "secretsmanager", 1],
    ["lamdba", "lambda", 1],
    ["secretmanager", "secretsmanager", 1],
  ];
  for (const [a, b, d] of distances) {
    it(`measures ${JSON.stringify(a)} to ${JSON.stringify(b)} as ${d}, either way`, () => {
      assert.strictEqual(editDistance(a, b), d);
      assert.strictEqual(editDistance(b, a), d);
    });
  }

  const nearest: [string, string, string[]][] = [
    ["a letter left out", "secretmanager", ["secretsmanager"]],
    ["two letters swapped", "lamdba", ["lambda"]],
    ["a doubled letter lost", "ssmmesages", ["ssmmessages"]],
    ["the name as the console writes it", "Secrets Manager", ["secretsmanager"]],
    ["upper case", "SQS", ["sqs"]],
    ["a family's common part", "ecr", ["ecr.api", "ecr.dkr"]],
    [
      "a large family: the shortest three",
      "sagemaker",
      ["sagemaker.api", "sagemaker.metrics", "sagemaker.runtime"],
    ],
    ["ties, alphabetically", "ecx", ["ec2", "ecs"]],
    ["the start of a name", "secrets", ["secretsmanager"]],
    ["FIPS variants only when asked for", "kms-fip", ["kms-fips"]],
    ["a known name", "sqs", []],
    ["nothing near", "nosuchservice", []],
    ["nothing at all", "", []],
    ["a single letter", "x", []],
  ];
  for (const [what, given, expected] of nearest) {
    it(`suggests for ${what} (${JSON.stringify(given)}): ${JSON.stringify(expected)}`, () => {
      assert.deepStrictEqual(nearestServiceNames(given), expected);
    });
  }

  it("asks one question, whatever the number of names", () => {
    assert.strictEqual(didYouMean("secretmanager"), 'did you mean "secretsmanager"?');
    assert.strictEqual(didYouMean("ecr"), 'did you mean "ecr.api" or "ecr.dkr"?');
    assert.strictEqual(
      didYouMean("sagemaker"),
      'did you mean "sagemaker.api", "sagemaker.metrics" or "sagemaker.runtime"?',
    );
    assert.strictEqual(didYouMean("nosuchservice"), "");
  });
});
