/**
 * Reading a planned resource graph (what a program registers): resources by type and id, a route
 * table's routes, a subnet's route table and default route. Pre-flight and the offline plan read
 * the graph through this; the policy pack has its own, over the policy SDK's resources.
 */
import { TYPE_TOKENS as T } from "./typeTokens";

/** What a reader needs of a planned resource. */
export interface GraphResource {
  readonly type: string;
  readonly name: string;
  readonly id?: string;
  readonly inputs: Record<string, any>;
  /** Outputs known before deployment (mock state), when recorded. */
  readonly outputs?: Record<string, any>;
}

export class PlannedGraph<R extends GraphResource> {
  /** Resources with an id, by id. */
  readonly byId: ReadonlyMap<string, R>;

  constructor(readonly resources: readonly R[]) {
    this.byId = new Map(
      resources.filter((r) => r.id !== undefined).map((r) => [r.id as string, r]),
    );
  }

  ofType(type: string): R[] {
    return this.resources.filter((r) => r.type === type);
  }

  /**
   * The VPC a resource is in, as far as the plan says: its `vpcId` (an input, or an output the
   * provider computes); for an `aws.ec2.DefaultRouteTable`, which takes only the table's id
   * (`defaultRouteTableId`; its `vpcId` is an output: terraform-provider-aws
   * internal/service/ec2/vpc_default_route_table.go), the VPC whose default table it adopts; for
   * an internet gateway attached apart (InternetGatewayAttachment), its attachment's VPC.
   * Undefined when the plan does not say.
   */
  vpcOf(r: R | undefined): unknown {
    if (r === undefined) return undefined;
    const own = r.inputs.vpcId ?? r.outputs?.vpcId;
    if (own !== undefined) return own;
    if (r.type === T.defaultRouteTable) {
      const table = r.inputs.defaultRouteTableId;
      return this.ofType(T.vpc).find(
        (v) => table !== undefined && v.outputs?.defaultRouteTableId === table,
      )?.id;
    }
    if (r.type === T.internetGateway) {
      return this.ofType(T.internetGatewayAttachment).find(
        (a) => r.id !== undefined && a.inputs.internetGatewayId === r.id,
      )?.inputs.vpcId;
    }
    return undefined;
  }

  /** The subnet with this id, when the plan has it. */
  subnetById(id: unknown): R | undefined {
    const r = this.byId.get(String(id));
    return r?.type === T.subnet ? r : undefined;
  }

  /** The routes of a route table, given as separate Route resources. */
  routesOf(tableId: unknown): R[] {
    return this.ofType(T.route).filter((r) => r.inputs.routeTableId === tableId);
  }

  /** The route table a subnet is associated with, when the plan associates it. */
  tableOfSubnet(subnetId: unknown): unknown {
    return this.ofType(T.routeTableAssociation).find((a) => a.inputs.subnetId === subnetId)?.inputs
      .routeTableId;
  }

  /** A subnet's 0.0.0.0/0 route, through its associated table, when the plan has one. */
  defaultRouteOfSubnet(subnetId: unknown): R | undefined {
    return this.routesOf(this.tableOfSubnet(subnetId)).find(
      (r) => r.inputs.destinationCidrBlock === "0.0.0.0/0",
    );
  }
}
