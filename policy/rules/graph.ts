/**
 * Reading a stack's resource graph, once for every reader: the pre-flight and the offline plan
 * (over recorded registrations), and the policy pack (over the policy SDK's resources, through
 * policy/policies/graph.ts). It answers resources by type and id, what a property was built from,
 * a resource's VPC, a subnet's route table, a table's routes and default routes, their targets
 * (./routes.ts) and whether a subnet is public.
 *
 * Values not known yet: the pack's resources throw when one is read (the policy SDK's
 * UnknownValueError, under `pulumi preview`), so every read goes through the `known` strategy the
 * caller gives, which the pack makes turn those into undefined. Nothing here imports the SDK: the
 * library compiles this file in.
 */
import {
  ClassifiedRoute,
  classifyRouteTarget,
  defaultDestinationOf,
  kindOfId,
  kindOfType,
  NOT_KNOWN,
  PublicReason,
  publicReasonOf,
  RouteTarget,
  RouteTargetKind,
  targetKindsOf,
} from "./routes";
import { TYPE_TOKENS as T } from "./typeTokens";

/** A resource as every reader sees it. */
export interface GraphResource {
  readonly type: string;
  readonly name: string;
  readonly urn?: string;
  /** Its id, when known. */
  readonly id?: unknown;
  /** Its properties as the reader reads them: the inputs, or the pack's stack policies' state. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Outputs known before deployment (mock state), when recorded. */
  readonly outputs?: Readonly<Record<string, unknown>>;
  readonly parentUrn?: string;
  /** URNs of the resources each input property was built from. */
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** Reads a value, or gives undefined for one not known yet (the pack's), else rethrows. */
export type Known = <T>(read: () => T) => T | undefined;

/** A value read and found absent, told apart from one `known` could not read. */
const ABSENT = Symbol("absent");

/** A route table as a subnet uses it: the stack's resource, or the VPC's main table by id. */
export interface TableRef<R> {
  readonly resource?: R;
  /** Its id, when known. */
  readonly id?: unknown;
  /** The VPC whose main table it is, when it is one. */
  readonly mainOf?: R;
}

/** A route of a table: a separate aws.ec2.Route (`resource`) or one of the table's own. */
export interface GraphRoute<R> extends ClassifiedRoute<R> {
  readonly resource?: R;
  readonly table?: R;
}

/** Whether a subnet is public, as far as the stack says. */
export interface Publicness<R> {
  /** The table its routes come from; undefined when the stack does not say. */
  readonly table?: TableRef<R>;
  /** Its default routes (IPv4 and IPv6). */
  readonly defaultRoutes: GraphRoute<R>[];
  /** Why it is public; undefined when it is not (as far as known). */
  readonly reason?: PublicReason<R>;
}

/**
 * The one resource among a table's `routes` dependencies that `property` can name (of the kind
 * its value's prefix says, when it has one); undefined when none or several can.
 */
function onlyTargetOfKind<R extends GraphResource>(
  dependencies: readonly R[],
  property: string,
  valueKind: RouteTargetKind | undefined,
): R | undefined {
  const kinds = targetKindsOf(property).filter((k) => valueKind === undefined || k === valueKind);
  const fitting = dependencies.filter((d) => {
    const kind = kindOfType(d.type);
    return kind !== undefined && kinds.includes(kind);
  });
  return fitting.length === 1 ? fitting[0] : undefined;
}

export class ResourceGraph<R extends GraphResource> {
  /** Resources with a known id, by id. */
  readonly byId: ReadonlyMap<string, R>;
  private readonly byUrn: ReadonlyMap<string, R>;

  constructor(
    readonly resources: readonly R[],
    readonly known: Known = (read) => read(),
  ) {
    const ids = resources.map((r) => [this.known(() => r.id), r] as const);
    this.byId = new Map(
      ids.filter(([id]) => typeof id === "string").map(([id, r]) => [id as string, r]),
    );
    this.byUrn = new Map(
      resources.filter((r) => r.urn !== undefined).map((r) => [r.urn as string, r]),
    );
  }

  ofType(type: string): R[] {
    return this.resources.filter((r) => r.type === type);
  }

  /** A property's value; undefined when absent or not known. */
  read(r: R, property: string): unknown {
    return this.known(() => r.inputs[property]);
  }

  /** A value, NOT_KNOWN when present but not known yet (`known` gave undefined for it). */
  private readOrMark(source: () => unknown): unknown {
    const value = this.known(() => {
      const v = source();
      return v === undefined ? ABSENT : v;
    });
    return value === undefined ? NOT_KNOWN : value === ABSENT ? undefined : value;
  }

  /** The resource with this id, when the stack has it (and it is of `type`, when given). */
  byIdOf(id: unknown, type?: string): R | undefined {
    const r = typeof id === "string" ? this.byId.get(id) : undefined;
    return r !== undefined && (type === undefined || r.type === type) ? r : undefined;
  }

  /** The resources `r`'s `property` was built from (its property dependencies), of `types`. */
  dependencies(r: R, property: string, ...types: string[]): R[] {
    return (r.propertyDependencies?.[property] ?? [])
      .map((urn) => this.byUrn.get(urn))
      .filter((d): d is R => d !== undefined && (types.length === 0 || types.includes(d.type)));
  }

  /**
   * What `r`'s `property` points at, of `types`: the resources it was built from, else the one
   * whose id it holds.
   */
  referenced(r: R, property: string, ...types: string[]): R[] {
    const built = this.dependencies(r, property, ...types);
    if (built.length > 0) return built;
    const byValue = this.byIdOf(this.read(r, property));
    return byValue !== undefined && (types.length === 0 || types.includes(byValue.type))
      ? [byValue]
      : [];
  }

  /** Resources of `type` whose `property` was built from `target`, or holds its id. */
  referencing(type: string, property: string, target: R): R[] {
    const id = this.known(() => target.id);
    return this.ofType(type).filter(
      (r) =>
        (target.urn !== undefined &&
          (r.propertyDependencies?.[property] ?? []).includes(target.urn)) ||
        (typeof id === "string" && this.read(r, property) === id),
    );
  }

  /** The resource with this URN, when the stack has it. */
  byUrnOf(urn: string): R | undefined {
    return this.byUrn.get(urn);
  }

  /** A route table resource, as routesOf takes it. */
  tableRef(table: R): TableRef<R> {
    return { resource: table, id: this.known(() => table.id) };
  }

  /** The subnet with this id, when the stack has it. */
  subnetById(id: unknown): R | undefined {
    return this.byIdOf(id, T.subnet);
  }

  /**
   * The id of the VPC a resource is in, as far as the stack says: its `vpcId` (an input, or an
   * output the provider computes); for an `aws.ec2.DefaultRouteTable`, which takes only the
   * table's id (`defaultRouteTableId`; its `vpcId` is an output: terraform-provider-aws
   * internal/service/ec2/vpc_default_route_table.go), the VPC whose default table it adopts; for
   * an internet gateway attached apart (InternetGatewayAttachment), its attachment's VPC.
   */
  vpcIdOf(r: R | undefined): unknown {
    if (r === undefined) return undefined;
    const own = this.read(r, "vpcId") ?? r.outputs?.vpcId;
    if (own !== undefined) return own;
    if (r.type === T.defaultRouteTable) {
      const table = this.read(r, "defaultRouteTableId");
      return this.ofType(T.vpc).find((v) => table !== undefined && this.mainTableIdOf(v) === table)
        ?.id;
    }
    if (r.type === T.internetGateway) {
      const id = this.known(() => r.id);
      return this.ofType(T.internetGatewayAttachment).find(
        (a) => id !== undefined && this.read(a, "internetGatewayId") === id,
      )?.inputs.vpcId;
    }
    return undefined;
  }

  /** The stack's VPC a resource is in: the one its vpcId was built from, or holds the id of. */
  vpcOf(r: R): R | undefined {
    return this.referenced(r, "vpcId", T.vpc)[0];
  }

  /** The id of a VPC's main route table, as the provider reports it (an output). */
  private mainTableIdOf(vpc: R): unknown {
    const read = (p: string) => this.read(vpc, p) ?? vpc.outputs?.[p];
    return read("defaultRouteTableId") ?? read("mainRouteTableId");
  }

  /**
   * A subnet's route table: its own association's; without one, its VPC's main table — a table
   * made main with MainRouteTableAssociation, else the VPC's DefaultRouteTable, else the table
   * the VPC reports as its default (`defaultRouteTableId`, `mainRouteTableId`) — which AWS uses
   * for every subnet with no association of its own
   * (https://docs.aws.amazon.com/vpc/latest/userguide/RouteTables.html#RouteTableDetails).
   * Undefined when the stack does not say.
   */
  routeTableOf(subnet: R): TableRef<R> | undefined {
    const association = this.referencing(T.routeTableAssociation, "subnetId", subnet)[0];
    if (association !== undefined) {
      const table = this.referenced(association, "routeTableId", T.routeTable)[0];
      return table && { resource: table, id: this.known(() => table.id) };
    }
    const vpc = this.vpcOf(subnet);
    return vpc === undefined ? undefined : this.mainTableOf(vpc);
  }

  /** A VPC's main route table (see routeTableOf). */
  mainTableOf(vpc: R): TableRef<R> {
    const main = this.referencing(T.mainRouteTableAssociation, "vpcId", vpc)[0];
    const made = main && this.referenced(main, "routeTableId", T.routeTable)[0];
    if (made !== undefined) {
      return { resource: made, id: this.known(() => made.id) };
    }
    const id = this.mainTableIdOf(vpc);
    const adopted =
      this.referencingBuilt(T.defaultRouteTable, "defaultRouteTableId", vpc)[0] ??
      this.byIdOf(id, T.defaultRouteTable);
    return { resource: adopted, id: adopted ? this.known(() => adopted.id) : id, mainOf: vpc };
  }

  /** Resources of `type` whose `property` was built from `target` (dependencies only). */
  private referencingBuilt(type: string, property: string, target: R): R[] {
    return this.ofType(type).filter(
      (r) =>
        target.urn !== undefined && (r.propertyDependencies?.[property] ?? []).includes(target.urn),
    );
  }

  /**
   * The routes of a table: separate aws.ec2.Route resources whose routeTableId names it (built
   * from the table, from the VPC for its main table, or holding its id), then the table's inline
   * `routes`.
   */
  routesOf(table: TableRef<R> | undefined): GraphRoute<R>[] {
    if (table === undefined) return [];
    const separate = this.ofType(T.route).filter((route) => this.routeOfTable(route, table));
    const inline = table.resource ? this.inlineRoutesOf(table.resource) : [];
    return [...separate.map((route) => this.separateRoute(route)), ...inline];
  }

  private routeOfTable(route: R, table: TableRef<R>): boolean {
    const built = this.dependencies(route, "routeTableId");
    const value = this.read(route, "routeTableId");
    return (
      built.some((d) => d === table.resource || d === table.mainOf) ||
      (value !== undefined && value === table.id)
    );
  }

  /** A separate Route, classified. */
  separateRoute(route: R): GraphRoute<R> {
    return {
      resource: route,
      ipv4: this.read(route, "destinationCidrBlock"),
      ipv6: this.read(route, "destinationIpv6CidrBlock"),
      target: this.targetOf(route),
    };
  }

  /** A separate Route's target: by the resource a property was built from, else its value. */
  targetOf(route: R): RouteTarget<R> {
    return classifyRouteTarget<R>({
      value: (p) => this.readOrMark(() => route.inputs[p]),
      resource: (p) => {
        const found = this.referenced(route, p)[0];
        return found && { resource: found, type: found.type };
      },
    });
  }

  /**
   * A table's inline routes. Each names its target by value; where a value is not known yet
   * (preview), the table's `routes` dependencies say which targets its routes have, and a single
   * one of a kind answers.
   */
  private inlineRoutesOf(table: R): GraphRoute<R>[] {
    const list = this.known(() => table.inputs.routes);
    if (!Array.isArray(list)) return [];
    const dependencies = this.dependencies(table, "routes");
    return list.map((_, i): GraphRoute<R> => {
      const route = (this.known(() => list[i] as unknown) ?? {}) as Record<string, unknown>;
      const target = classifyRouteTarget<R>({
        value: (p) => this.readOrMark(() => route[p]),
        resource: (p) => {
          const value = this.readOrMark(() => route[p]);
          if (value === undefined) return undefined;
          const known = value === NOT_KNOWN ? undefined : value;
          // By its id; else (ids not known yet) the one dependency of the table's routes that can
          // be this target.
          const found = this.byIdOf(known) ?? onlyTargetOfKind(dependencies, p, kindOfId(known));
          return found && { resource: found, type: found.type };
        },
      });
      return {
        table,
        ipv4: this.known(() => route.cidrBlock),
        ipv6: this.known(() => route.ipv6CidrBlock),
        target,
      };
    });
  }

  /** A table's default routes, IPv4 (0.0.0.0/0) and IPv6 (::/0). */
  defaultRoutesOf(table: TableRef<R> | undefined): GraphRoute<R>[] {
    return this.routesOf(table).filter((r) => defaultDestinationOf(r) !== undefined);
  }

  /** Whether a subnet is public (./routes.ts publicReasonOf), as far as the stack says. */
  publicnessOf(subnet: R): Publicness<R> {
    const table = this.known(() => this.routeTableOf(subnet));
    const defaultRoutes = this.known(() => this.defaultRoutesOf(table)) ?? [];
    const maps = this.known(() => subnet.inputs.mapPublicIpOnLaunch) === true;
    return { table, defaultRoutes, reason: publicReasonOf(defaultRoutes, maps) };
  }
}
