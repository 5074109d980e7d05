import * as assert from "assert";
import { lambdaInvokePolicy, validateFunctionArns } from "../../components/lib/iamPolicy";

describe("lib/iamPolicy", () => {
  it("allows only invoking each listed function, qualified or not", () => {
    assert.deepStrictEqual(
      lambdaInvokePolicy(["arn:aws:lambda:us-east-1:111122223333:function:a"]),
      {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "InvokeListedFunctionsOnly",
            Effect: "Allow",
            Principal: "*",
            Action: ["lambda:InvokeFunction"],
            Resource: [
              "arn:aws:lambda:us-east-1:111122223333:function:a",
              "arn:aws:lambda:us-east-1:111122223333:function:a:*",
            ],
          },
        ],
      },
    );
  });

  it("accepts function ARNs of every partition", () => {
    validateFunctionArns("arns", [
      "arn:aws:lambda:eu-central-2:111122223333:function:orders_v2",
      "arn:aws-cn:lambda:cn-north-1:111122223333:function:orders",
      "arn:aws-us-gov:lambda:us-gov-west-1:111122223333:function:Orders-Prod",
    ]);
  });

  it("rejects a malformed account and a name longer than Lambda allows", () => {
    for (const arn of [
      "arn:aws:lambda:us-east-1:1234:function:a",
      `arn:aws:lambda:us-east-1:111122223333:function:${"x".repeat(65)}`,
      "arn:aws:lambda:us-east-1:111122223333:layer:a",
    ]) {
      assert.throws(() => validateFunctionArns("arns", [arn]), {
        message: `arns: "${arn}" is not a Lambda function ARN; use arn:aws:lambda:<region>:<account>:function:<name>.`,
      });
    }
  });
});
