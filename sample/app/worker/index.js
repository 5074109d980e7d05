// The VPC function (pattern 1). It has no internet unless the network has NAT, so everything it
// calls goes through a VPC endpoint: S3 through the free gateway endpoint, SQS through an
// interface endpoint, and Lambda (to invoke the report function) through the Lambda interface
// endpoint. The AWS SDK v3 clients ship with the nodejs22.x runtime.
const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3");
const { SQSClient, SendMessageCommand } = require("@aws-sdk/client-sqs");
const { LambdaClient, InvokeCommand } = require("@aws-sdk/client-lambda");

const s3 = new S3Client({});
const sqs = new SQSClient({});
const lambda = new LambdaClient({});

exports.handler = async () => {
  const object = await s3.send(
    new GetObjectCommand({ Bucket: process.env.BUCKET, Key: process.env.OBJECT_KEY }),
  );
  const greeting = (await object.Body.transformToString()).trim();

  const sent = await sqs.send(
    new SendMessageCommand({
      QueueUrl: process.env.QUEUE_URL,
      MessageBody: JSON.stringify({ greeting, at: new Date().toISOString() }),
    }),
  );

  const invoked = await lambda.send(
    new InvokeCommand({
      FunctionName: process.env.REPORT_FUNCTION,
      Payload: Buffer.from(JSON.stringify({ source: "worker", greeting })),
    }),
  );
  const report = JSON.parse(Buffer.from(invoked.Payload).toString("utf8"));

  return { greeting, messageId: sent.MessageId, report };
};
