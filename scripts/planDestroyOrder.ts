/** The plan's destroy order (scripts/planModel.ts). Pure: it only reads registrations. */
import type { Registration } from "../offline/runtime";

/**
 * Pulumi deletes a resource only after every resource that depends on it (through an input, an
 * explicit dependsOn, or as its child) is gone: the reverse of the order it creates them in. A
 * resource's wave is one more than the latest wave of the resources that depend on it; components
 * take part in the ordering but only custom resources are listed.
 */
export function destroyOrder(regs: readonly Registration[]): string[][] {
  const byUrn = new Map(regs.filter((r) => r.urn).map((r) => [r.urn as string, r]));
  const dependents = new Map<string, Registration[]>();
  for (const r of regs) {
    const on = new Set([
      ...(r.dependencyUrns ?? []),
      ...Object.values(r.propertyDependencies ?? {}).flat(),
      ...(r.parentUrn ? [r.parentUrn] : []),
    ]);
    for (const urn of on) {
      dependents.set(urn, [...(dependents.get(urn) ?? []), r]);
    }
  }
  const wave = new Map<Registration, number>();
  const waveOf = (r: Registration, seen: Set<Registration>): number => {
    const known = wave.get(r);
    if (known !== undefined) return known;
    if (seen.has(r)) throw new Error(`destroy order: a dependency cycle through ${r.name}`);
    seen.add(r);
    const after = (r.urn ? (dependents.get(r.urn) ?? []) : []).map((d) => waveOf(d, seen));
    const w = after.length === 0 ? 1 : Math.max(...after) + 1;
    wave.set(r, w);
    return w;
  };
  const waves: string[][] = [];
  for (const r of regs.filter((x) => x.custom && byUrn.has(x.urn as string))) {
    const w = waveOf(r, new Set());
    // Components in between leave gaps; waves are numbered by the custom resources only.
    (waves[w] ??= []).push(`${r.type.split(":").pop()} ${r.name}`);
  }
  return waves.filter((w) => w !== undefined).map((w) => w.sort());
}
