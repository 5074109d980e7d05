/**
 * The short names of the AWS services that offer VPC endpoints (the part after
 * `com.amazonaws.<region>.`), and the known names nearest a name that is not one: "did you mean
 * …?" for a typo in an endpoint entry. Pure.
 *
 * Sources, read 2026-12-06:
 * - AWS, "AWS services that integrate with AWS PrivateLink"
 *   (https://docs.aws.amazon.com/vpc/latest/privatelink/aws-services-privatelink-support.html):
 *   the list, by service, of the names to give when creating an interface endpoint
 *   (`com.amazonaws.{region}.account`, `….execute-api`, `….apigateway`, `….appconfig`, …).
 * - The AWS CDK's copy of that list, `InterfaceVpcEndpointAwsService` and
 *   `GatewayVpcEndpointAwsService` in aws/aws-cdk packages/aws-cdk-lib/aws-ec2/lib/vpc-endpoint.ts
 *   (commit 000a9eb6dd93c8025d184934c66dee83868c8f28), for the names further down the page. Left
 *   out: the services named without the region (`com.amazonaws.iam`, `….s3-global.accesspoint`,
 *   `….savingsplans`, `aws.api.global.codecatalyst`) and those under another prefix
 *   (`aws.api.…`, `aws.sagemaker.…`), which an endpoint entry cannot name.
 *
 * A name missing here is not refused: AWS adds services, and the region's own look-up decides.
 * The list only tells a typo (a name near a known one) from a service the region lacks.
 */

/** Interface endpoint services, `com.amazonaws.<region>.<name>`; one line per initial letter. */
const INTERFACE_SERVICES = `
  access-analyzer account acm acm-fips acm-pca acm-pca-fips airflow.api airflow.api-fips
  airflow.env airflow.env-fips airflow.ops analytics-omics apigateway app-integrations appconfig
  appconfig-fips appconfigdata appconfigdata-fips application-autoscaling application-signals
  applicationinsights appmesh appmesh-envoy-management apprunner apprunner.requests
  appstream.api appstream.streaming appsync-api apptest aps aps-workspaces arsenal-discovery
  athena auditmanager autoscaling autoscaling-plans awsconnector
  b2bi backup backup-gateway batch bcm-pricing-calculator bedrock bedrock-agent
  bedrock-agent-runtime bedrock-agentcore bedrock-agentcore.gateway bedrock-data-automation
  bedrock-data-automation-fips bedrock-data-automation-runtime
  bedrock-data-automation-runtime-fips bedrock-fips bedrock-runtime bedrock-runtime-fips billing
  billingconductor braket
  cases cassandra cassandra-fips ce cleanrooms cleanrooms-ml cloudcontrolapi cloudcontrolapi-fips
  clouddirectory cloudformation cloudhsmv2 cloudtrail codeartifact.api codeartifact.repositories
  codebuild codebuild-fips codecatalyst.git codecatalyst.packages codecommit codecommit-fips
  codeconnections.api codedeploy codedeploy-commands-secure codeguru-profiler codeguru-reviewer
  codepipeline codestar-connections.api codewhisperer cognito-identity cognito-identity-fips
  cognito-idp cognito-idp-fips comprehend comprehendmedical compute-optimizer config
  connect-campaigns console control-storage-omics controlcatalog cost-optimization-hub
  data-servicediscovery data-servicediscovery-fips databrew dataexchange datasync datazone
  deadline.management deadline.scheduling deviceadvisor.iot devops-guru dicom-medical-imaging
  discovery dms dms-fips drs ds ds-data dsql dynamodb dynamodb-fips dynamodb-streams
  ebs ec2 ec2messages ecr-public.api ecr.api ecr.dkr ecs ecs-agent ecs-telemetry eks eks-auth
  elastic-inference.runtime elasticache elasticache-fips elasticbeanstalk elasticbeanstalk-health
  elasticfilesystem elasticfilesystem-fips elasticloadbalancing elasticmapreduce email email-fips
  email-smtp emr-containers emr-serverless emr-serverless-services.livy emr-serverless.dashboard
  emrwal.prod entityresolution events evidently evidently-dataplane execute-api
  finspace finspace-api fis forecast forecast-fips forecastquery forecastquery-fips frauddetector
  fsx fsx-fips
  geo.geofencing geo.maps geo.metadata geo.places geo.routes geo.tracking git-codecommit
  git-codecommit-fips glue glue.dashboard grafana grafana-workspace greengrass groundstation
  guardduty guardduty-data guardduty-data-fips guardduty-fips
  healthlake
  identitystore imagebuilder inspector-scan inspector2 internetmonitor internetmonitor-fips
  invoicing iot.credentials iot.data iot.fleethub.api iotfleetwise iotroborunner iotsitewise.api
  iotsitewise.data iottwinmaker.api iottwinmaker.data iotwireless.api
  kafka kafka-fips kafkaconnect kendra kinesis-firehose kinesis-streams kinesis-streams-fips kms
  kms-fips
  lakeformation lambda launchwizard license-manager license-manager-fips
  license-manager-linux-subscriptions license-manager-linux-subscriptions-fips
  license-manager-user-subscriptions logs lookoutequipment lookoutmetrics lookoutvision
  lorawan.cups lorawan.lns
  m2 macie2 mail-manager mail-manager-fips managedblockchain-query
  managedblockchain.bitcoin.mainnet managedblockchain.bitcoin.testnet mediaconnect
  medical-imaging memory-db memorydb-fips mgn migrationhub-orchestrator migrationhub-strategy
  models-v2-lex monitoring mq
  neptune-graph neptune-graph-data neptune-graph-fips network-firewall network-firewall-fips
  networkflowmonitor networkflowmonitorreports networkmonitor nimble
  observabilityadmin organizations organizations-fips outposts
  panorama payment-cryptography.controlplane payment-cryptography.dataplane pca-connector-ad
  pca-connector-scep pcs pcs-fips personalize personalize-events personalize-runtime pi pi-fips
  pinpoint pinpoint-sms-voice-v2 pipes pipes-data pipes-fips polly pricing.api private-networks
  profile proton
  q qapps qldb.session quicksight-website
  ram rbin rds rds-data redshift redshift-data redshift-data-fips redshift-fips
  redshift-serverless redshift-serverless-fips refactor-spaces rekognition rekognition-fips
  repostspace resource-groups resource-groups-fips robomaker rolesanywhere rum rum-dataplane
  runtime-medical-imaging runtime-v2-lex
  s3 s3-outposts s3tables s3vectors sagemaker-data-science-assistant sagemaker-geospatial
  sagemaker.api sagemaker.api-fips sagemaker.featurestore-runtime sagemaker.metrics
  sagemaker.runtime sagemaker.runtime-fips schemas scn secretsmanager securityhub securitylake
  securitylake-fips service.user-subscriptions servicecatalog servicecatalog-appregistry
  servicediscovery servicediscovery-fips serverlessrepo shield shield-fips signin simspaceweaver
  sms sms-fips snow-device-management sns social-messaging sqs sqs-fips ssm ssm-contacts
  ssm-fips ssm-incidents ssm-quicksetup ssmmessages states storage-omics storagegateway
  streaming-rekognition streaming-rekognition-fips sts sts-fips swf swf-fips sync-states
  synthetics synthetics-fips
  tagging tags-omics tax textract textract-fips thinclient.api timestream-influxdb
  timestream-influxdb-fips tnb transcribe transcribestreaming transfer transfer.server translate
  trustedadvisor
  verifiedpermissions voiceid vpc-lattice
  wafv2 wafv2-fips wellarchitected wisdom workflows-omics workmail workspaces workspaces-web
  workspaces-web-fips
  xray
`;

/** Gateway endpoint services (`GatewayVpcEndpointAwsService` in the CDK). */
const GATEWAY_ENDPOINT_SERVICES = "dynamodb s3 s3express";

const words = (text: string) => text.trim().split(/\s+/);

/** Every known short name, sorted. */
export const KNOWN_SERVICE_NAMES: readonly string[] = [
  ...new Set([...words(INTERFACE_SERVICES), ...words(GATEWAY_ENDPOINT_SERVICES)]),
].sort();

const known = new Set(KNOWN_SERVICE_NAMES);

/** Whether AWS lists the name among the services that offer VPC endpoints. */
export function isKnownServiceName(name: string): boolean {
  return known.has(name);
}

/**
 * The optimal-string-alignment distance (Damerau-Levenshtein without repeated edits of one
 * substring): insertions, deletions, substitutions and swaps of two neighbouring characters each
 * count one, so "secertsmanager" is 1 from "secretsmanager", as the typo is one slip.
 */
export function editDistance(a: string, b: string): number {
  // rows[i][j]: the distance between the first i characters of a and the first j of b.
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/** How far a name may be from a known one and still be taken for a typo of it: 1 to 3. */
const reach = (name: string) => Math.min(3, Math.max(1, Math.floor(name.length / 4)));

/** At most this many names are offered. */
const MAX_SUGGESTIONS = 3;

/**
 * The known names a user who wrote `given` most likely meant, best first (none when `given` is a
 * known name, or none is near):
 * - a family the name stands for: "ecr" gives "ecr.api" and "ecr.dkr" (the shortest first);
 * - else the nearest names within `reach` (the edit distance of lower case, spaces and
 *   underscores dropped: "Secrets Manager" is 0 from "secretsmanager"), ties alphabetical;
 * - else, for three characters or more, the names it starts: "secrets" gives "secretsmanager".
 * FIPS variants are offered only for a name that mentions them ("fip").
 */
export function nearestServiceNames(given: string): string[] {
  if (known.has(given)) {
    return [];
  }
  const name = given.toLowerCase().replace(/[\s_]+/g, "");
  const candidates = KNOWN_SERVICE_NAMES.filter((k) => name.includes("fip") || !/fips/.test(k));
  const family = candidates.filter((k) => k.startsWith(`${name}.`));
  if (family.length > 0) {
    // "sagemaker" gives sagemaker.api before sagemaker.featurestore-runtime.
    return shortestFirst(family);
  }
  const scored = candidates
    .map((k) => ({ k, d: editDistance(name, k) }))
    // Not a name that is all edits: "" or "x" stands for nothing.
    .filter(({ d }) => d <= reach(name) && d < name.length);
  if (scored.length > 0) {
    const best = Math.min(...scored.map(({ d }) => d));
    return scored
      .filter(({ d }) => d === best)
      .map(({ k }) => k)
      .slice(0, MAX_SUGGESTIONS);
  }
  // The start of a name: "secrets" gives secretsmanager.
  return name.length < 3 ? [] : shortestFirst(candidates.filter((k) => k.startsWith(name)));
}

/** The first few names, the shortest first (ties in the list's order: alphabetical). */
function shortestFirst(names: readonly string[]): string[] {
  return [...names].sort((a, b) => a.length - b.length).slice(0, MAX_SUGGESTIONS);
}

/** `did you mean "secretsmanager"?`, `did you mean "ecr.api" or "ecr.dkr"?`, or "" when none is near. */
export function didYouMean(given: string): string {
  const near = nearestServiceNames(given).map((n) => JSON.stringify(n));
  if (near.length === 0) {
    return "";
  }
  const options =
    near.length === 1 ? near[0] : `${near.slice(0, -1).join(", ")} or ${near[near.length - 1]}`;
  return `did you mean ${options}?`;
}
