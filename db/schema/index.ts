export * from "./api-tokens";
export * from "./audit";
export * from "./credentials";
export * from "./domains";
export * from "./policy";
export * from "./senders";
export * from "./settings";
export * from "./users";
