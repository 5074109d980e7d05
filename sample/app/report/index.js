// The report function (pattern 2): it runs in the Lambda service VPC, with internet and AWS
// access, and is invoked privately from the VPC through the Lambda interface endpoint, whose
// policy allows invoking this function only.
exports.handler = async (event) => ({
  generatedAt: new Date().toISOString(),
  requestedBy: event?.source ?? "unknown",
  words: typeof event?.greeting === "string" ? event.greeting.split(/\s+/).length : 0,
});
