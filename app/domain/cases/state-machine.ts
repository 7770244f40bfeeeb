import { DomainError, ErrorCode } from "../errors";

// The one state-machine engine every case type runs. A case type writes its transition TABLE — per
// command: the statuses it may start from, the case roles that may issue it, a guard and the new state —
// and this engine applies it the same way for all: role first (FORBIDDEN), then status (CASE_CLOSED for a
// closed case, INVALID_TRANSITION otherwise), then the checks the case type shares across its commands,
// then the command's own guard, then its effect. Pure: (state, command, actor, now) → next | DomainError.

export interface TransitionRule<State extends { status: string }, Actor extends { role: string }> {
  from: readonly State["status"][];
  by: readonly Actor["role"][];
  guard?: (state: State, command: never, actor: Actor, now: Date) => DomainError | null;
  apply: (state: State, command: never, actor: Actor, now: Date) => { next: Partial<State> };
}

export interface MachineSpec<State extends { status: string }, Actor extends { role: string }, Rule> {
  /** "discussion", "claim": used in the messages. */
  caseName: string;
  /** Statuses in which the case is over: any command there is CASE_CLOSED. */
  closed: readonly State["status"][];
  closedMessage: string;
  /** Checks every command of this case type shares, after role and status (e.g. an agent must hold the case). */
  shared?: (state: State, rule: Rule, actor: Actor, now: Date) => DomainError | null;
}

const words = (value: string) => value.toLowerCase().replace(/_/g, " ");

export function applyTransitionTable<
  State extends { status: string },
  Command extends { type: string },
  Actor extends { role: string },
  Rule extends TransitionRule<State, Actor>,
>(
  table: { [K in Command["type"]]: Rule },
  spec: MachineSpec<State, Actor, Rule>,
  state: State,
  command: Command,
  actor: Actor,
  now: Date,
): (Omit<ReturnType<Rule["apply"]>, "next"> & { next: State }) | DomainError {
  const rule = table[command.type as Command["type"]];
  if (!rule.by.includes(actor.role)) {
    return new DomainError(ErrorCode.FORBIDDEN, `A ${words(actor.role)} cannot ${words(command.type)}`);
  }
  if (!rule.from.includes(state.status)) {
    return spec.closed.includes(state.status)
      ? new DomainError(ErrorCode.CASE_CLOSED, spec.closedMessage)
      : new DomainError(ErrorCode.INVALID_TRANSITION, `Not possible while the ${spec.caseName} is ${words(state.status)}`);
  }
  const shared = spec.shared?.(state, rule, actor, now) ?? null;
  if (shared) return shared;
  const error = rule.guard?.(state, command as never, actor, now) ?? null;
  if (error) return error;
  const result = rule.apply(state, command as never, actor, now) as ReturnType<Rule["apply"]>;
  return { ...result, next: { ...state, ...result.next } };
}
