/** A translation object with exactly the keys of the English one (values may differ). */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };
