/**
 * NAT instances (natGateways "instances"): the instance type and image, checked before anything
 * is registered, and the user data that makes an Amazon Linux 2023 instance a NAT. Pure.
 */
import { ArgumentError } from "./errors";
import type { NatGatewayStrategy } from "./nat";

/** The default instance type: the smallest burstable Graviton (arm64) type. */
export const DEFAULT_NAT_INSTANCE_TYPE = "t4g.nano";

/**
 * The public Systems Manager parameter AWS keeps pointing at the latest Amazon Linux 2023 arm64
 * AMI with the default kernel. Its name is built as AWS CDK builds it
 * (aws/aws-cdk packages/aws-cdk-lib/aws-ec2/lib/machine-image/amazon-linux-2023.ts,
 * AmazonLinux2023ImageSsmParameter.ssmParameterName, commit 015bad15…, which lists this very
 * name among its examples: "al2023" "ami" "kernel-default" and the CPU type).
 */
export const AL2023_ARM64_IMAGE_PARAMETER =
  "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64";

/**
 * The instance families that are arm64 (AWS Graviton), which the Amazon Linux 2023 arm64 image
 * runs on. Each is arm64 by AWS CDK's own rule (aws/aws-cdk packages/aws-cdk-lib/aws-ec2/lib/
 * instance-types.ts, InstanceType.architecture: family "a", or a "g" among the capabilities
 * after the generation, "indicates the instance is Graviton2 powered"). The list is the families
 * this package knows; a family it does not know is refused with the default image, not guessed.
 */
export const ARM64_INSTANCE_FAMILIES: readonly string[] = [
  "a1",
  "t4g",
  "m6g",
  "m6gd",
  "m7g",
  "m7gd",
  "m8g",
  "m8gd",
  "c6g",
  "c6gd",
  "c6gn",
  "c7g",
  "c7gd",
  "c7gn",
  "c8g",
  "c8gd",
  "c8gn",
  "r6g",
  "r6gd",
  "r7g",
  "r7gd",
  "r8g",
  "r8gd",
  "x2gd",
  "x8g",
  "im4gn",
  "is4gen",
  "g5g",
  "hpc7g",
];

// An instance type: family (letters, generation, capabilities) "." size, as EC2 spells them.
const INSTANCE_TYPE = /^([a-z]+)(\d{1,2})([a-z-]*)\.([a-z0-9-]+)$/;

/** What the NAT instances are made of, checked. */
export interface NatInstancePlan {
  readonly instanceType: string;
  /** The user's AMI, or undefined for the latest Amazon Linux 2023 arm64 one. */
  readonly imageId: string | undefined;
}

/** Checks natInstanceType and natInstanceImageId against the strategy; undefined without NAT instances. */
export function validateNatInstanceArgs(
  strategy: NatGatewayStrategy,
  instanceType: string | undefined,
  imageId: string | undefined,
): NatInstancePlan | undefined {
  if (strategy !== "instances") {
    const given = instanceType !== undefined ? "natInstanceType" : "natInstanceImageId";
    if (instanceType !== undefined || imageId !== undefined) {
      throw new ArgumentError(
        `${given} sets up NAT instances, but natGateways is ${JSON.stringify(strategy)}: choose natGateways "instances", or leave ${given} out.`,
      );
    }
    return undefined;
  }
  if (imageId !== undefined && !/^ami-([0-9a-f]{8}|[0-9a-f]{17})$/.test(imageId)) {
    throw new ArgumentError(
      `natInstanceImageId ${JSON.stringify(imageId)} is not an AMI id: give one like ami-0123456789abcdef0, or leave it out for the latest Amazon Linux 2023 arm64 image.`,
    );
  }
  const type = instanceType ?? DEFAULT_NAT_INSTANCE_TYPE;
  const parts = INSTANCE_TYPE.exec(type);
  if (parts === null) {
    throw new ArgumentError(
      `natInstanceType ${JSON.stringify(type)} is not an instance type: give one like "t4g.nano" (family, a dot, the size).`,
    );
  }
  if (imageId === undefined) {
    checkArm64(type, `${parts[1]}${parts[2]}${parts[3]}`, parts[1], parts[3]);
  }
  return { instanceType: type, imageId };
}

/** With the default (arm64) image, the type must be of a known arm64 family. */
function checkArm64(type: string, family: string, letters: string, capabilities: string): void {
  if (ARM64_INSTANCE_FAMILIES.includes(family)) {
    return;
  }
  const fix = `or give natInstanceImageId, an AMI of your own for that type's architecture`;
  // AWS CDK's rule: family "a" or a "g" capability is Graviton; anything else is x86_64.
  if (letters !== "a" && !capabilities.includes("g")) {
    throw new ArgumentError(
      `natInstanceType ${JSON.stringify(type)} is not arm64 (Graviton), and the default image is Amazon Linux 2023 for arm64: choose an arm64 type such as "t4g.nano" or "c7gn.medium", ${fix}.`,
    );
  }
  throw new ArgumentError(
    `natInstanceType ${JSON.stringify(type)} is of a family this package does not know (${family}), so it cannot tell whether the default Amazon Linux 2023 arm64 image runs on it: choose a family among ${ARM64_INSTANCE_FAMILIES.join(", ")}, ${fix}.`,
  );
}

/**
 * The user data that makes Amazon Linux 2023 a NAT, as AWS CDK's NatInstanceProviderV2 does
 * (aws/aws-cdk packages/aws-cdk-lib/aws-ec2/lib/nat.ts, DEFAULT_USER_DATA_COMMANDS, commit
 * 00a17addc433c04ecb70a54089f2f6fb0ee861d3, after AWS's "Create a NAT AMI":
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html#create-nat-ami):
 * iptables-services installed and enabled, forwarding on for good (a sysctl.d file), MASQUERADE
 * out of the default route's interface, the FORWARD chain flushed (CDK does so, so that no rule
 * the service starts with rejects forwarded packets), and the rules saved to survive a reboot.
 * Two changes. The interface is read with `ip route show default` (iproute2), not CDK's `route`
 * (net-tools, not counted on here); either way it is found at boot, not assumed to be eth0
 * (AL2023 names interfaces through systemd-networkd and amazon-ec2-net-utils, "Networking
 * service", https://docs.aws.amazon.com/linux/al2023/ug/networking-service.html, so the name is
 * not fixed across instance types). And the install is retried for up to five minutes: the instance
 * launches without a public address (its public subnet maps none) and reaches the package
 * repositories only once its Elastic IP is associated, which happens after it is running.
 */
export const NAT_INSTANCE_USER_DATA = [
  "#!/bin/bash",
  "set -euo pipefail",
  "for i in $(seq 60); do dnf install -y iptables-services && break; sleep 5; done",
  "systemctl enable --now iptables",
  'echo "net.ipv4.ip_forward=1" > /etc/sysctl.d/90-nat-instance.conf',
  "sysctl -p /etc/sysctl.d/90-nat-instance.conf",
  "IFACE=$(ip route show default | awk '/^default/ {print $5; exit}')",
  'iptables -t nat -A POSTROUTING -o "$IFACE" -j MASQUERADE',
  "iptables -F FORWARD",
  "service iptables save",
  "",
].join("\n");
