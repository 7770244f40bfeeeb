import { isDomainError } from "~/domain/errors";

/**
 * Node refetches (`node(id:)`) answer null instead of an error for records the viewer may not see,
 * exactly as for records that do not exist: ids cannot be probed.
 */
export function safeWhere<T extends object>(build: () => T): T | { id: { in: [] } } {
  try {
    return build();
  } catch (error) {
    if (isDomainError(error)) return { id: { in: [] } };
    throw error;
  }
}
