/** The same keys as a catalogue, every leaf a string: what a translation must fill in. */
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
