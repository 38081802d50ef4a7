export * from "./audit";
export * from "./policy";
export * from "./settings";
export * from "./users";
