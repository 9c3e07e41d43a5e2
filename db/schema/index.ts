// Every capability's tables, for drizzle's relational queries and drizzle-kit.
export * from "./identity";
export * from "./platform";
export * from "./billing";
export * from "./credits";
export * from "./housing";
export * from "./registration";
export * from "./services";
export * from "./admission";
export * from "./circle";
