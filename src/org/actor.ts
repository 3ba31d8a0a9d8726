import { AppError } from '../core/errors.js';
import type { Role } from './roles.js';

export interface StaffActor {
  kind: 'staff';
  userId: string;
  username: string;
  displayName: string;
  unitId: string;
  /** materialised path of the actor's unit, e.g. '/1/4/'; the actor's scope is every unit under it */
  unitPath: string;
  /**
   * The subtree the actor works in. A petition office (信访部门) oversees the whole area of the government it
   * serves, so its scope is its parent's subtree; every other unit's scope is its own subtree.
   */
  scopePath: string;
  roles: Role[];
  via: 'session' | 'token';
}

/** A citizen proven by tracking code + secret: may act only on that one case. */
export interface CitizenActor {
  kind: 'citizen';
  caseId: string;
}

export interface SystemActor {
  kind: 'system';
  job: string;
}

export type Actor = StaffActor | CitizenActor | SystemActor;

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
}

export const hasRole = (actor: Actor, ...roles: Role[]): boolean =>
  actor.kind === 'staff' && actor.roles.some((r) => roles.includes(r));

/** For endpoints outside the case lifecycle (administration, analytics): one of these roles, or FORBIDDEN. */
export function requireRole(actor: Actor, ...roles: Role[]): void {
  if (!hasRole(actor, ...roles)) throw new AppError('FORBIDDEN');
}

export const isWithin = (unitPath: string, scopePath: string): boolean => unitPath.startsWith(scopePath);
